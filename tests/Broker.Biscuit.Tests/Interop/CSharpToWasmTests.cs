using Broker.Biscuit.Crypto;
using Broker.Biscuit.Token;

namespace Broker.Biscuit.Tests.Interop;

/// <summary>Tokens minted, attenuated and sealed here must verify and authorize in biscuit-wasm.</summary>
public sealed class CSharpToWasmTests
{
    private static readonly DateTimeOffset Expiry = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BiscuitKeyPair Root = BrokerTokens.CreateRootKey();

    private static BiscuitToken UserToken() =>
        BrokerTokens.MintUserToken(Root, "bob", "t1", ["news:get", "news:post"], Expiry);

    [Fact]
    public async Task UserToken_WithItsRight_BeforeExpiry_IsAuthorizedByWasm()
    {
        var answer = await BiscuitWasm.Authorize(UserToken().ToBase64(), Root.PublicKey.Bytes.ToArray(),
            """time(2029-12-31T23:00:00Z); allow if user("bob"), tenant("t1"), right("news", "get");""");

        Assert.Equal("""{"verified":true,"authorized":true,"policy":0}""", answer.ToJsonString());
    }

    [Fact]
    public async Task UserToken_AfterExpiry_IsDeniedByWasm()
    {
        var answer = await BiscuitWasm.Authorize(UserToken().ToBase64(), Root.PublicKey.Bytes.ToArray(),
            """time(2030-01-01T00:00:01Z); allow if right("news", "get");""");

        Assert.False(answer["authorized"]!.GetValue<bool>());
        Assert.Contains("check if time($time), $time <= 2030-01-01T00:00:00Z", answer["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserToken_WithoutTheRight_IsDeniedByWasm()
    {
        var answer = await BiscuitWasm.Authorize(UserToken().ToBase64(), Root.PublicKey.Bytes.ToArray(),
            """time(2029-01-01T00:00:00Z); allow if right("news", "delete");""");

        Assert.True(answer["verified"]!.GetValue<bool>());
        Assert.False(answer["authorized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UserToken_UnderAnotherRootKey_FailsVerificationInWasm()
    {
        var other = BrokerTokens.CreateRootKey();

        var answer = await BiscuitWasm.Authorize(
            UserToken().ToBase64(), other.PublicKey.Bytes.ToArray(), "allow if true;");

        Assert.False(answer["verified"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("read", true)]
    [InlineData("write", false)]
    public async Task AttenuatedSealedToken_WithLenientEqualityCheck_IsJudgedAlikeByWasm(string operation, bool allowed)
    {
        var token = UserToken()
            .Attenuate("""check if operation($op), $op == "read"; check all right($r, $o), $r.starts_with("news");""")
            .Seal();
        Assert.Equal(6u, token.Blocks[1].Version);

        var answer = await BiscuitWasm.Authorize(token.ToBase64(), Root.PublicKey.Bytes.ToArray(),
            $"""time(2029-01-01T00:00:00Z); operation("{operation}"); allow if right("news", "get");""");

        Assert.True(answer["verified"]!.GetValue<bool>());
        Assert.Equal(allowed, answer["authorized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ThirdPartyBlock_IsTrustedByWasmThroughItsKey()
    {
        var thirdParty = BiscuitKeyPair.Generate();
        var token = BiscuitToken.Create(Root, new BlockBuilder().AddCode(
                $"right(\"news\", \"get\"); check if approved(true) trusting {thirdParty.PublicKey};"))
            .AttenuateThirdParty(new BlockBuilder().AddCode("approved(true);"), thirdParty);

        var answer = await BiscuitWasm.Authorize(token.ToBase64(), Root.PublicKey.Bytes.ToArray(), "allow if true;");

        Assert.Equal("""{"verified":true,"authorized":true,"policy":0}""", answer.ToJsonString());
    }
}
