using Broker.Biscuit.Authorization;
using Broker.Biscuit.Crypto;

namespace Broker.Biscuit.Tests;

public sealed class BrokerTokensTests
{
    private static readonly DateTimeOffset Expiry = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Seed = Convert.FromHexString(
        "99e87b0e9158531eeeb503ff15266e2b23c2a2507b138c9d1b1f2ab458df2d61");

    [Fact]
    public void LoadRootKey_FromSeed_GivesTheKnownPublicKey()
    {
        var key = BrokerTokens.LoadRootKey(Seed);

        Assert.Equal("1055c750b1a1505937af1537c626ba3263995c33a64758aaafb1275b0312e284",
            Convert.ToHexStringLower(key.PublicKey.Bytes));
        Assert.Equal(Seed, key.ExportPrivateKey());
    }

    [Fact]
    public void LoadRootKey_WithShortSeed_IsRejected()
    {
        Assert.Throws<BiscuitFormatException>(() => BrokerTokens.LoadRootKey(new byte[31]));
    }

    [Fact]
    public void MintUserToken_StatesUserTenantRightsAndExpiry()
    {
        var token = BrokerTokens.MintUserToken(BrokerTokens.LoadRootKey(Seed), "bob", "t1", ["news:get"], Expiry);

        Assert.Equal(
            """
            user("bob");
            tenant("t1");
            right("news", "get");
            check if time($time), $time <= 2030-01-01T00:00:00Z;
            """.ReplaceLineEndings("\n"),
            token.Blocks[0].ToString());
        Assert.Equal(3u, token.Blocks[0].Version);
    }

    [Fact]
    public void MintUserToken_WithQuotesInTheName_CannotInjectRights()
    {
        var name = "eve\"), right(\"admin\", \"all";
        var token = BrokerTokens.MintUserToken(BrokerTokens.CreateRootKey(), name, "t1", [], Expiry);

        var result = BrokerTokens.Authorize(
            token, """time(2029-01-01T00:00:00Z); allow if right("admin", "all");""", TestLimits.Generous);

        Assert.Equal(AuthorizationOutcome.NoMatchingPolicy, result.Outcome);
        Assert.Single(token.Blocks[0].Facts, f => f.Predicate.Name == "user");
    }

    [Theory]
    [InlineData("news")]
    [InlineData("news:get:more")]
    [InlineData(":get")]
    [InlineData("news:")]
    public void MintUserToken_WithMalformedScope_IsRejected(string scope)
    {
        Assert.Throws<ArgumentException>(
            () => BrokerTokens.MintUserToken(BrokerTokens.CreateRootKey(), "bob", "t1", [scope], Expiry));
    }

    [Theory]
    [InlineData("2029-12-31T23:59:59Z", "news", "get", true)]
    [InlineData("2030-01-01T00:00:00Z", "news", "get", true)]
    [InlineData("2030-01-01T00:00:01Z", "news", "get", false)]
    [InlineData("2029-01-01T00:00:00Z", "news", "delete", false)]
    public void VerifyAndAuthorize_DecidesOnRightAndExpiry(string now, string resource, string operation, bool allowed)
    {
        var root = BrokerTokens.CreateRootKey();
        var text = BrokerTokens.MintUserToken(root, "bob", "t1", ["news:get"], Expiry).ToBase64();

        var token = BrokerTokens.Verify(text, root.PublicKey.Bytes);
        var code = BrokerTokens.TimeFact(DateTimeOffset.Parse(now, null)) +
                   $"allow if right(\"{resource}\", \"{operation}\");";
        var result = BrokerTokens.Authorize(token, code, TestLimits.Generous);

        Assert.Equal(allowed, result.IsAuthorized);
    }

    [Fact]
    public void Verify_WithAnotherRootKey_Throws()
    {
        var token = BrokerTokens.MintUserToken(BrokerTokens.CreateRootKey(), "bob", "t1", [], Expiry).ToBytes();

        Assert.Throws<BiscuitSignatureException>(
            () => BrokerTokens.Verify(token, BrokerTokens.CreateRootKey().PublicKey.Bytes));
    }

    [Fact]
    public void TimeFact_IsWrittenInUtcSeconds()
    {
        var now = new DateTimeOffset(2031, 5, 6, 9, 8, 7, 654, TimeSpan.FromHours(2));

        Assert.Equal("time(2031-05-06T07:08:07Z);", BrokerTokens.TimeFact(now));
    }

    [Fact]
    public void PublicKey_PrintsAsDatalogKey()
    {
        var key = BiscuitPublicKey.Ed25519(new byte[32]);

        Assert.Equal("ed25519/" + new string('0', 64), key.ToString());
        Assert.Equal(key, BiscuitPublicKey.Parse(key.ToString()));
    }
}
