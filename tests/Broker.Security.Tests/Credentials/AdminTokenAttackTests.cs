using Xunit.Abstractions;

namespace Broker.Security.Credentials;

[Collection(SecurityClusterCollection.Name)]
public sealed class AdminTokenAttackTests(SecurityCluster cluster, ITestOutputHelper output)
{
    private static readonly string[] AdminEndpoints =
    [
        "/create_user", "/get_user", "/update_user", "/revoke_user", "/unrevoke_user", "/list_users",
        "/create_qr", "/create_totp",
    ];

    [Fact]
    public async Task AdminEndpoints_RefuseAWrongOrEmptyOrMissingToken_AndChangeNothing()
    {
        var victim = TestUser.Unique("admin-victim");
        await cluster.Main.CreateUserAsync(victim);
        var before = (await cluster.Main.AdminAsync("/get_user", new JsonObject { ["username"] = victim.Username }))
            .AssertOk().ToJsonString();
        JsonNode?[] wrongTokens =
        [
            "", " ", "wrong", cluster.AdminToken + " ", " " + cluster.AdminToken, cluster.AdminToken[..^1],
            cluster.AdminToken.ToUpperInvariant(), cluster.AdminToken + "\u0000", "letmein", 0, true,
            new JsonArray(cluster.AdminToken), new JsonObject { ["token"] = cluster.AdminToken }, null,
        ];

        foreach (var endpoint in AdminEndpoints)
        {
            foreach (var token in wrongTokens.Append("(missing)"))
            {
                await SuiteReport.AttackAsync(async () =>
                {
                    var body = new JsonObject
                    {
                        ["username"] = victim.Username,
                        ["password"] = "new password " + TestUser.RandomText(),
                        ["tenant_name"] = "stolen",
                        ["issuer"] = "Evil",
                        ["revoked"] = true,
                    };
                    if (token is not JsonValue { } missing || missing.ToString() != "(missing)")
                    {
                        body["admin_token"] = token?.DeepClone();
                    }

                    var reply = await cluster.Main.PostAsync(endpoint, body);

                    reply.AssertError(HttpStatusCode.Unauthorized, "invalid admin token");
                });
            }
        }

        var after = (await cluster.Main.AdminAsync("/get_user", new JsonObject { ["username"] = victim.Username }))
            .AssertOk().ToJsonString();
        Assert.Equal(before, after);
        await cluster.Main.LoginAsync(victim);
        output.WriteLine(SuiteReport.Line);
    }

    [Fact]
    public async Task TheDefaultAdminToken_DrawsAWarningAtStart_OnlyWhereItIsUsed()
    {
        await SuiteReport.AttackAsync(() =>
        {
            const string warning = "SECURITY WARNING: admin_token is the publicly known default";
            Assert.Contains(warning, SecurityCluster.ReadShared(cluster.GatewayLogFile("strict")));
            Assert.DoesNotContain(warning, SecurityCluster.ReadShared(cluster.GatewayLogFile("main")));
            return Task.CompletedTask;
        });
    }

    [Theory]
    [InlineData("s3cret-token", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("s3cret-toke", false)]
    [InlineData("s3cret-tokeN", false)]
    [InlineData("t3cret-token", false)]
    [InlineData("s3cret-token ", false)]
    [InlineData(" s3cret-token", false)]
    [InlineData("S3CRET-TOKEN", false)]
    [InlineData("s3cret-token\0", false)]
    [InlineData("s3cret-token-and-more", false)]
    public void TheComparer_AcceptsOnlyTheExactToken(string? candidate, bool expected)
    {
        // Review note: AdminToken hashes both sides with SHA-256 and compares the digests with
        // CryptographicOperations.FixedTimeEquals, so neither length nor content shortens the comparison.
        var token = new Broker.Gateway.Auth.AdminToken("s3cret-token");

        Assert.Equal(expected, token.Matches(candidate));
    }

    [Fact]
    public void TheComparer_DoesNotNormaliseUnicode()
    {
        var composed = new Broker.Gateway.Auth.AdminToken("caf\u00e9-token");

        Assert.True(composed.Matches("caf\u00e9-token"));
        Assert.False(composed.Matches("cafe\u0301-token"));
    }

    [Fact]
    public void TheComparer_MatchesAVeryLongTokenOnlyWhole()
    {
        var secret = new string('x', 100_000);
        var token = new Broker.Gateway.Auth.AdminToken(secret);

        Assert.True(token.Matches(secret));
        Assert.False(token.Matches(secret[..^1]));
        Assert.False(token.Matches(secret + "x"));
    }
}
