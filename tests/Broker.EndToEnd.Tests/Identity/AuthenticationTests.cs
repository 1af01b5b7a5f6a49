namespace Broker.EndToEnd.Identity;

public sealed class AuthenticationTests(SharedCluster shared) : SharedClusterTest(shared)
{
    private const string MissingCredentials =
        "missing credentials: send Authorization: Bearer <jwt> or Basic <base64(username:password)>";

    private const string InvalidToken = "invalid or expired token";
    private const string StaleToken = "token is no longer valid: log in again";
    private const string MalformedBasic = "malformed Basic credentials: expected base64(username:password)";

    [Fact]
    public async Task Insert_WithoutCredentials_IsUnauthorized()
    {
        var response = await Api.InsertRawAsync(null, "anonymous", "1");

        response.AssertError(HttpStatusCode.Unauthorized, MissingCredentials);
    }

    [Fact]
    public async Task Sse_WithoutCredentials_IsUnauthorizedWithAJsonError()
    {
        var response = await Api.GetAsync("/sse");

        response.AssertError(HttpStatusCode.Unauthorized, MissingCredentials);
    }

    [Fact]
    public async Task Insert_WithBasicCredentials_IsAccepted()
    {
        var user = await NewUserAsync("basic");

        var id = await Api.InsertAsync(user.Basic, "basic-event", "true");

        Assert.Equal("1", id);
    }

    [Fact]
    public async Task Insert_WithBasicCredentialsAndAColonInThePassword_IsAccepted()
    {
        var user = TestUser.Unique("colon") with { Password = "a:b:c password" };
        await Api.CreateUserAsync(user);

        var id = await Api.InsertAsync(user.Basic, "colon-event", "1");

        Assert.Equal("1", id);
    }

    [Fact]
    public async Task Insert_WithAWrongBasicPassword_IsUnauthorized()
    {
        var user = await NewUserAsync("basic-wrong");

        var response = await Api.InsertRawAsync(Credentials.Basic(user.Username, "not it"), "x", "1");

        response.AssertError(HttpStatusCode.Unauthorized, "invalid username or password");
    }

    [Theory]
    [InlineData("Bearer", "not-a-jwt", InvalidToken)]
    [InlineData("Bearer", "", InvalidToken)]
    [InlineData("Basic", "%%%not-base64", MalformedBasic)]
    [InlineData("Basic", "bm8tY29sb24taGVyZQ==", MalformedBasic)]
    [InlineData("Digest", "username=x", "unsupported authorization scheme: use Bearer or Basic")]
    public async Task Insert_WithMalformedCredentials_IsUnauthorized(string scheme, string value, string error)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/insert")
        {
            Content = new StringContent("""{"event":"x","data":1}"""),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {value}".TrimEnd());

        var response = await Api.SendAsync(request);

        response.AssertError(HttpStatusCode.Unauthorized, error);
    }

    [Fact]
    public async Task ARealTokenSignedAgain_IsAccepted()
    {
        // Proves the tests below sign as the gateway does, so each refusal is for the one detail changed.
        var (header, payload) = await RealTokenAsync();

        var response = await InsertWith(JwtTokens.SignHs256(header, payload, SharedCluster.JwtSecret));

        response.AssertOk();
    }

    [Fact]
    public async Task AToken_SignedWithAnotherSecret_IsUnauthorized()
    {
        var (header, payload) = await RealTokenAsync();

        var response = await InsertWith(JwtTokens.SignHs256(header, payload, SharedCluster.JwtSecret + "!"));

        response.AssertError(HttpStatusCode.Unauthorized, InvalidToken);
    }

    [Fact]
    public async Task AToken_WithAlgNone_IsUnauthorized()
    {
        var (_, payload) = await RealTokenAsync();

        var response = await InsertWith(JwtTokens.WithAlgNone(payload));

        response.AssertError(HttpStatusCode.Unauthorized, InvalidToken);
    }

    [Fact]
    public async Task AToken_WithAnotherAlgorithm_IsUnauthorized()
    {
        var (header, payload) = await RealTokenAsync();
        header["alg"] = "HS384";

        var response = await InsertWith(JwtTokens.SignHs256(header, payload, SharedCluster.JwtSecret));

        response.AssertError(HttpStatusCode.Unauthorized, InvalidToken);
    }

    [Fact]
    public async Task AToken_FromAForeignIssuer_IsUnauthorized()
    {
        var (header, payload) = await RealTokenAsync();
        payload["iss"] = "SomeoneElse";

        var response = await InsertWith(JwtTokens.SignHs256(header, payload, SharedCluster.JwtSecret));

        response.AssertError(HttpStatusCode.Unauthorized, InvalidToken);
    }

    [Fact]
    public async Task AToken_PastItsExpiry_IsUnauthorized()
    {
        var (header, payload) = await RealTokenAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        payload["iat"] = now - 7200;
        payload["exp"] = now - 3600;

        var response = await InsertWith(JwtTokens.SignHs256(header, payload, SharedCluster.JwtSecret));

        response.AssertError(HttpStatusCode.Unauthorized, InvalidToken);
    }

    [Fact]
    public async Task Sse_WithATokenThatExpiredSecondsAgo_IsUnauthorized_RatherThanOpenedAndClosed()
    {
        var (header, payload) = await RealTokenAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        payload["iat"] = now - 60;
        payload["exp"] = now - 1;
        var jwt = JwtTokens.SignHs256(header, payload, SharedCluster.JwtSecret);

        var response = await Api.GetAsync("/sse", Credentials.Bearer(jwt));

        response.AssertError(HttpStatusCode.Unauthorized, InvalidToken);
    }

    [Fact]
    public async Task AToken_WithAnotherStamp_IsUnauthorized()
    {
        var (header, payload) = await RealTokenAsync();
        payload["stamp"] = "a-stamp-that-was-never-issued";

        var response = await InsertWith(JwtTokens.SignHs256(header, payload, SharedCluster.JwtSecret));

        response.AssertError(HttpStatusCode.Unauthorized, StaleToken);
    }

    [Fact]
    public async Task AToken_ForAnotherUser_CannotBeForgedWithoutTheirStamp()
    {
        var (header, payload) = await RealTokenAsync();
        var victim = await NewUserAsync("victim");
        payload["sub"] = victim.Username;

        var response = await InsertWith(JwtTokens.SignHs256(header, payload, SharedCluster.JwtSecret));

        response.AssertError(HttpStatusCode.Unauthorized, StaleToken);
    }

    private async Task<(JsonObject Header, JsonObject Payload)> RealTokenAsync()
    {
        var user = await NewUserAsync("jwt");
        return JwtTokens.Decode(await Api.LoginAsync(user));
    }

    private Task<ApiResponse> InsertWith(string jwt) =>
        Api.InsertRawAsync(Credentials.Bearer(jwt), "token-check", "1");
}
