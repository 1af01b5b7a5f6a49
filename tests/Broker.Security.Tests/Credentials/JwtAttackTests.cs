using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Broker.Security.Credentials;

/// <summary>Forged, altered, stale and foreign JWTs: each gets a 401 on every user endpoint.</summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class JwtAttackTests(SecurityCluster cluster, ITestOutputHelper output)
{
    private const string Invalid = "invalid or expired token";

    [Fact]
    public async Task ForgedAndAlteredTokens_AreRefused()
    {
        var user = TestUser.Unique("jwt-target");
        var other = TestUser.Unique("jwt-other");
        await cluster.Main.CreateUserAsync(user);
        await cluster.Main.CreateUserAsync(other);
        var jwt = await cluster.Main.LoginAsync(user);
        var (header, payload) = Jwt.Decode(jwt);
        var secret = Encoding.UTF8.GetBytes(cluster.JwtSecret);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var rsa = RSA.Create(2048);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        JsonObject Header(string alg, Action<JsonObject>? change = null)
        {
            var copy = Jwt.Copy(header);
            copy["alg"] = alg;
            change?.Invoke(copy);
            return copy;
        }

        JsonObject Payload(Action<JsonObject> change)
        {
            var copy = Jwt.Copy(payload);
            change(copy);
            return copy;
        }

        var forgeries = new (string Name, string Token)[]
        {
            ("alg none", Jwt.SigningInput(Header("none"), payload) + "."),
            ("alg None with the real signature", Jwt.SigningInput(Header("None"), payload) + "." + jwt.Split('.')[2]),
            ("alg NONE", Jwt.SigningInput(Header("NONE"), payload) + "."),
            ("HS256 under another secret", Jwt.SignHmac(header, payload, RandomNumberGenerator.GetBytes(32))),
            ("HS256 under an empty key", Jwt.SignHmac(header, payload, [])),
            ("HS384 under the real secret", Jwt.SignHmac(Header("HS384"), payload, secret)),
            ("HS512 under the real secret", Jwt.SignHmac(Header("HS512"), payload, secret)),
            ("RS256", Jwt.SignRsa(Header("RS256"), payload, rsa)),
            ("RS256 carrying its own key", Jwt.SignRsa(Header("RS256", h => h["jwk"] = Jwt.Jwk(rsa)), payload, rsa)),
            ("ES256", Jwt.SignEcdsa(Header("ES256"), payload, ecdsa)),
            ("ES256 carrying its own key",
                Jwt.SignEcdsa(Header("ES256", h => h["jwk"] = Jwt.Jwk(ecdsa)), payload, ecdsa)),
            ("a kid pointing at an empty file",
                Jwt.SignHmac(Header("HS256", h => h["kid"] = "../../../../dev/null"), payload, [])),
            ("another user's name in the payload", TamperedSignature(jwt, Payload(p => p["sub"] = other.Username))),
            ("another tenant in the payload", TamperedSignature(jwt, Payload(p => p["tenant"] = other.Tenant))),
            ("a later expiry in the payload", TamperedSignature(jwt, Payload(p => p["exp"] = now + 10 * 86400))),
            ("a signature of another token", Jwt.SigningInput(header, Payload(p => p["sub"] = other.Username)) + "." +
                jwt.Split('.')[2]),
            ("the signature cut off", jwt[..(jwt.LastIndexOf('.') + 1)]),
            ("expired 10 s ago, beyond the 5 s skew", Real(Payload(p =>
            {
                p["iat"] = now - 100;
                p["exp"] = now - 10;
            }))),
            ("expired a day ago", Real(Payload(p =>
            {
                p["iat"] = now - 2 * 86400;
                p["exp"] = now - 86400;
            }))),
            ("nbf a minute ahead", Real(Payload(p => p["nbf"] = now + 60))),
            ("no expiry", Real(Payload(p => p.Remove("exp")))),
            ("a foreign issuer", Real(Payload(p => p["iss"] = "Evil"))),
            ("the issuer in other case", Real(Payload(p => p["iss"] = "broker"))),
            ("no issuer", Real(Payload(p => p.Remove("iss")))),
            ("no subject", Real(Payload(p => p.Remove("sub")))),
            ("no stamp", Real(Payload(p => p.Remove("stamp")))),
        };

        foreach (var (name, token) in forgeries)
        {
            await SuiteReport.AttackAsync(async () =>
            {
                var verify = await cluster.Main.GetAsync("/verify", AuthHeaders.Bearer(token));
                var stream = await cluster.Second.GetAsync("/sse", AuthHeaders.Bearer(token));
                Assert.True(verify.Status == HttpStatusCode.Unauthorized, $"{name}: {verify.Status} {verify.Body}");
                verify.AssertError(HttpStatusCode.Unauthorized, Invalid);
                stream.AssertError(HttpStatusCode.Unauthorized, Invalid);
            });
        }

        // The real token, and one signed again unchanged with the real secret, still work: the refusals above
        // are about the one detail each changed.
        (await cluster.Main.GetAsync("/verify", AuthHeaders.Bearer(jwt))).AssertOk();
        (await cluster.Main.GetAsync("/verify", AuthHeaders.Bearer(Real(payload)))).AssertOk();
        output.WriteLine(SuiteReport.Line);

        string Real(JsonObject changed) => Jwt.SignHmac(header, changed, secret);
    }

    [Fact]
    public async Task TokensSignedWithTheRealSecret_StillNeedTheUsersCurrentStamp()
    {
        var user = TestUser.Unique("jwt-stamp");
        await cluster.Main.CreateUserAsync(user);
        var (header, payload) = Jwt.Decode(await cluster.Main.LoginAsync(user));
        var secret = Encoding.UTF8.GetBytes(cluster.JwtSecret);

        var wrongStamp = Jwt.Copy(payload);
        wrongStamp["stamp"] = TestUser.RandomText();
        var nobody = Jwt.Copy(payload);
        nobody["sub"] = TestUser.UniqueName("nobody");

        await SuiteReport.AttackAsync(async () =>
            (await cluster.Main.GetAsync("/verify", AuthHeaders.Bearer(Jwt.SignHmac(header, wrongStamp, secret))))
                .AssertError(HttpStatusCode.Unauthorized, "token is no longer valid: log in again"));
        await SuiteReport.AttackAsync(async () =>
            (await cluster.Main.GetAsync("/verify", AuthHeaders.Bearer(Jwt.SignHmac(header, nobody, secret))))
                .AssertError(HttpStatusCode.Unauthorized, "the token's user no longer exists"));
    }

    [Fact]
    public async Task ATokenOfARevokedUser_IsRefused_AndStaysRefusedAfterUnrevoking()
    {
        var user = TestUser.Unique("jwt-revoked");
        await cluster.Main.CreateUserAsync(user);
        var bearer = await cluster.Main.BearerAsync(user);
        (await cluster.Second.GetAsync("/verify", bearer)).AssertOk();

        (await cluster.Main.AdminAsync("/revoke_user", new JsonObject { ["username"] = user.Username })).AssertOk();
        await SuiteReport.AttackAsync(async () => (await cluster.Second.GetAsync("/verify", bearer))
            .AssertError(HttpStatusCode.Unauthorized, "user is revoked"));

        (await cluster.Main.AdminAsync("/unrevoke_user", new JsonObject { ["username"] = user.Username })).AssertOk();
        await SuiteReport.AttackAsync(async () => (await cluster.Second.GetAsync("/verify", bearer))
            .AssertError(HttpStatusCode.Unauthorized, "token is no longer valid: log in again"));
        (await cluster.Second.GetAsync("/verify", await cluster.Second.BearerAsync(user))).AssertOk();
    }

    [Fact]
    public async Task ATokenIssuedBeforeAPasswordChange_IsRefused()
    {
        var user = TestUser.Unique("jwt-password");
        await cluster.Main.CreateUserAsync(user);
        var before = await cluster.Main.BearerAsync(user);
        var changed = user with { Password = "changed " + TestUser.RandomText() };

        (await cluster.Second.AdminAsync("/update_user",
            new JsonObject { ["username"] = user.Username, ["password"] = changed.Password })).AssertOk();

        await SuiteReport.AttackAsync(async () => (await cluster.Main.GetAsync("/verify", before))
            .AssertError(HttpStatusCode.Unauthorized, "token is no longer valid: log in again"));
        await SuiteReport.AttackAsync(async () => (await cluster.Main.LoginRawAsync(user.Username, user.Password))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password"));
        (await cluster.Main.GetAsync("/verify", await cluster.Main.BearerAsync(changed))).AssertOk();
    }

    /// <summary>A token with a changed payload and the original's signature.</summary>
    private static string TamperedSignature(string jwt, JsonObject payload)
    {
        var (header, _) = Jwt.Decode(jwt);
        return Jwt.SigningInput(header, payload) + "." + jwt.Split('.')[2];
    }
}
