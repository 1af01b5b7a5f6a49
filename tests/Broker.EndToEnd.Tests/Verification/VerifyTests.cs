using Broker.Biscuit;
using Broker.EndToEnd.Identity;

namespace Broker.EndToEnd.Verification;

public sealed class VerifyTests(SharedCluster shared) : SharedClusterTest(shared)
{
    private const string AllowNewsGet = """allow if right("news", "get");""";

    [Fact]
    public async Task Verify_AnswersTheCallersNameScopesAndJwtExpiry_WithTheClusterKey()
    {
        var user = await Api.NewUserWithScopesAsync("verify", "news:get");
        var jwt = await Api.LoginAsync(user);

        var body = await Api.VerifyAsync(Credentials.Bearer(jwt));

        var publicKey = await Api.PublicKeyAsync();
        var expected = new JsonObject
        {
            ["key"] = publicKey["key"]!.DeepClone(),
            ["token"] = body["token"]?.DeepClone(),
            ["expiry"] = JwtTokens.Decode(jwt).Payload["exp"]!.GetValue<long>(),
            ["username"] = user.Username,
            ["scopes"] = new JsonArray("news:get"),
        };
        JsonAssert.Equal(expected, body);
        Assert.Equal(32, VerifyAnswers.Bytes(body["key"]).Length);
        Assert.True(VerifyAnswers.Bytes(body["token"]).Length > 64);
    }

    [Fact]
    public async Task Verify_WithBasicCredentials_ExpiresOneJwtLifetimeFromNow()
    {
        var user = await Api.NewUserWithScopesAsync("verify-basic", "news:get");

        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = await Api.VerifyAsync(user.Basic);
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // The shared cluster keeps the default jwt_expiry of 86400 seconds.
        var expiry = body["expiry"]!.GetValue<long>();
        Assert.InRange(expiry, before + 86400, after + 86400);
        Assert.Equal(user.Username, body["username"]!.GetValue<string>());
        JsonAssert.Equal("""["news:get"]""", body["scopes"]);
    }

    [Fact]
    public async Task Verify_WithoutCredentials_IsUnauthorized()
    {
        var response = await Api.GetAsync("/verify");

        response.AssertErrorShape(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_WithAWrongPassword_IsUnauthorized()
    {
        var user = await Api.NewUserWithScopesAsync("verify-wrong", "news:get");

        var response = await Api.GetAsync("/verify", Credentials.Basic(user.Username, "not the password"));

        response.AssertErrorShape(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PublicKey_IsPublishedWithoutCredentials_AsBytesAndHex()
    {
        var body = await Api.PublicKeyAsync();

        var key = VerifyAnswers.Bytes(body["key"]);
        Assert.Equal(32, key.Length);
        var expected = new JsonObject
        {
            ["key"] = body["key"]!.DeepClone(),
            ["hex"] = Convert.ToHexStringLower(key),
            ["algorithm"] = "ed25519",
        };
        JsonAssert.Equal(expected, body);
    }

    [Theory]
    [InlineData(TokenForm.Bytes)]
    [InlineData(TokenForm.Base64Url)]
    public async Task Token_IsAcceptedByBiscuitWasm_ForAGrantedRight(TokenForm form)
    {
        var user = await Api.NewUserWithScopesAsync("wasm-allow", "news:get");
        var verify = await Api.VerifyAsync(await Api.BearerAsync(user));

        var verdict = await JavaScriptService.CheckAsync(await Api.PublicKeyAsync(), verify, AllowNewsGet, form);

        Assert.True(verdict.Verified, verdict.Error);
        Assert.True(verdict.Authorized, verdict.Error);
    }

    [Fact]
    public async Task Token_IsRefusedByBiscuitWasm_ForARightItDoesNotGrant()
    {
        var user = await Api.NewUserWithScopesAsync("wasm-deny", "news:get");
        var verify = await Api.VerifyAsync(await Api.BearerAsync(user));

        var verdict = await JavaScriptService.CheckAsync(await Api.PublicKeyAsync(), verify,
            """allow if right("news", "delete");""");

        Assert.True(verdict.Verified, verdict.Error);
        Assert.False(verdict.Authorized);
    }

    [Fact]
    public async Task Token_IsAcceptedByBiscuitWasm_UntilTheJwtExpires_AndRefusedASecondLater()
    {
        var user = await Api.NewUserWithScopesAsync("wasm-expiry", "news:get");
        var verify = await Api.VerifyAsync(await Api.BearerAsync(user));
        var publicKey = await Api.PublicKeyAsync();
        var expiry = DateTimeOffset.FromUnixTimeSeconds(verify["expiry"]!.GetValue<long>());

        var atExpiry = await JavaScriptService.CheckAsync(publicKey, verify, AllowNewsGet, time: expiry);
        var afterExpiry = await JavaScriptService.CheckAsync(publicKey, verify, AllowNewsGet,
            time: expiry.AddSeconds(1));

        Assert.True(atExpiry.Authorized, atExpiry.Error);
        Assert.True(afterExpiry.Verified, afterExpiry.Error);
        Assert.False(afterExpiry.Authorized);
    }

    [Fact]
    public async Task Token_IsRefusedByBiscuitWasm_UnderAnotherPinnedKey()
    {
        var user = await Api.NewUserWithScopesAsync("wasm-key", "news:get");
        var verify = await Api.VerifyAsync(await Api.BearerAsync(user));
        var otherKey = BrokerTokens.CreateRootKey().PublicKey.Bytes.ToArray();
        var pinned = new JsonObject { ["key"] = new JsonArray([.. otherKey.Select(b => (JsonNode)(int)b)]) };

        var verdict = await JavaScriptService.CheckAsync(pinned, verify, AllowNewsGet);

        Assert.False(verdict.Verified);
    }

    [Fact]
    public async Task Token_StatesTheUserTenantRightsAndExpiry_AsBiscuitWasmReadsThem()
    {
        var user = await Api.NewUserWithScopesAsync("wasm-facts", "news:get", "weather:post");
        var verify = await Api.VerifyAsync(user.Basic);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(verify["expiry"]!.GetValue<long>());

        var verdict = await JavaScriptService.CheckAsync(await Api.PublicKeyAsync(), verify, AllowNewsGet);

        Assert.Equal(
            $"user(\"{user.Username}\");\ntenant(\"{user.Tenant}\");\nright(\"news\", \"get\");\n" +
            $"right(\"weather\", \"post\");\ncheck if time($time), $time <= {Rfc3339(expiry)};\n",
            verdict.Authority);
    }

    [Fact]
    public async Task Token_OfAUserWithoutScopes_GrantsNoRight()
    {
        var user = await NewUserAsync("no-scopes");
        var verify = await Api.VerifyAsync(user.Basic);

        var verdict = await JavaScriptService.CheckAsync(await Api.PublicKeyAsync(), verify,
            """allow if right($resource, $operation);""");

        JsonAssert.Equal("[]", verify["scopes"]);
        Assert.True(verdict.Verified, verdict.Error);
        Assert.False(verdict.Authorized);
    }

    [Fact]
    public async Task Token_IsVerifiedAndAuthorizedByBrokerBiscuitInCSharp()
    {
        var user = await Api.NewUserWithScopesAsync("csharp", "news:get");
        var verify = await Api.VerifyAsync(await Api.BearerAsync(user));
        var key = VerifyAnswers.Bytes((await Api.PublicKeyAsync())["key"]);
        var bytes = VerifyAnswers.Bytes(verify["token"]);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(verify["expiry"]!.GetValue<long>());

        var token = BrokerTokens.Verify(bytes, key);
        var fromText = BrokerTokens.Verify(Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_'), key);
        var now = DateTimeOffset.UtcNow;

        Assert.True(BrokerTokens.Authorize(token, BrokerTokens.TimeFact(now) + AllowNewsGet).IsAuthorized);
        Assert.True(BrokerTokens.Authorize(fromText, BrokerTokens.TimeFact(now) + AllowNewsGet).IsAuthorized);
        Assert.False(BrokerTokens.Authorize(token,
            BrokerTokens.TimeFact(now) + """allow if right("news", "delete");""").IsAuthorized);
        Assert.False(BrokerTokens.Authorize(token,
            BrokerTokens.TimeFact(expiry.AddSeconds(1)) + AllowNewsGet).IsAuthorized);
        Assert.Equal(
            $"user(\"{user.Username}\");\ntenant(\"{user.Tenant}\");\nright(\"news\", \"get\");\n" +
            $"check if time($time), $time <= {Rfc3339(expiry)};",
            token.Blocks[0].ToString());
    }

    [Fact]
    public async Task Token_WithARightAddedByItsHolder_GrantsNothingMore()
    {
        var user = await Api.NewUserWithScopesAsync("holder", "news:get");
        var verify = await Api.VerifyAsync(user.Basic);
        var key = VerifyAnswers.Bytes((await Api.PublicKeyAsync())["key"]);
        var token = BrokerTokens.Verify(VerifyAnswers.Bytes(verify["token"]), key);

        var extended = token.Attenuate("""right("news", "delete"); user("someone-else");""");
        var result = BrokerTokens.Authorize(BrokerTokens.Verify(extended.ToBytes(), key),
            BrokerTokens.TimeFact(DateTimeOffset.UtcNow) + """allow if right("news", "delete");""");

        Assert.False(result.IsAuthorized);
    }

    [Fact]
    public async Task Token_ThatWasAltered_IsRefusedByBrokerBiscuit()
    {
        var user = await Api.NewUserWithScopesAsync("altered", "news:get");
        var verify = await Api.VerifyAsync(user.Basic);
        var key = VerifyAnswers.Bytes((await Api.PublicKeyAsync())["key"]);
        var bytes = VerifyAnswers.Bytes(verify["token"]);
        var news = bytes.AsSpan().IndexOf("news"u8);
        Assert.True(news >= 0);
        bytes[news] = (byte)'m';

        Assert.ThrowsAny<BiscuitException>(() => BrokerTokens.Verify(bytes, key));
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
