using Broker.Biscuit.Authorization;
using Broker.Biscuit.Crypto;

namespace Broker.Biscuit.Tests.Interop;

/// <summary>Tokens minted, attenuated and sealed by biscuit-wasm must verify and authorize here.</summary>
public sealed class WasmToCSharpTests
{
    private const string Authority =
        """user("alice"); tenant("t9"); right("files", "read"); right("files", "write");""";
    private static readonly BiscuitKeyPair Root = BiscuitKeyPair.Generate();

    private static byte[] RootSeed => Root.ExportPrivateKey();

    private static byte[] RootPublicKey => Root.PublicKey.Bytes.ToArray();

    [Fact]
    public async Task AuthorityToken_FromWasm_IsAuthorized()
    {
        var text = await BiscuitWasm.Mint(RootSeed, Authority, [], seal: false);

        var token = BrokerTokens.Verify(text, RootPublicKey);
        var result = BrokerTokens.Authorize(
            token, """allow if user("alice"), right("files", "write");""", TestLimits.Generous);

        Assert.Equal(AuthorizationOutcome.Authorized, result.Outcome);
        Assert.Equal(3u, token.Blocks[0].Version);
    }

    [Theory]
    [InlineData("read", AuthorizationOutcome.Authorized)]
    [InlineData("write", AuthorizationOutcome.Unauthorized)]
    public async Task AttenuatedToken_WithLenientEquality_FromWasm_IsJudgedAlike(
        string operation, AuthorizationOutcome expected)
    {
        var text = await BiscuitWasm.Mint(
            RootSeed, Authority, ["""check if operation($op), $op == "read";"""], seal: false);

        var token = BrokerTokens.Verify(text, RootPublicKey);
        var result = BrokerTokens.Authorize(
            token, $"""operation("{operation}"); allow if right("files", "read");""", TestLimits.Generous);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(6u, token.Blocks[1].Version);
    }

    [Fact]
    public async Task SealedToken_FromWasm_IsVerifiedAndCannotBeAttenuated()
    {
        var text = await BiscuitWasm.Mint(RootSeed, Authority,
            [
                """check if operation($op), ["read", "list"].contains($op);""",
                """check if time($t), $t < 2040-01-01T00:00:00Z;""",
            ],
            seal: true);

        var token = BrokerTokens.Verify(text, RootPublicKey);
        var result = BrokerTokens.Authorize(
            token, """time(2035-01-01T00:00:00Z); operation("list"); allow if true;""", TestLimits.Generous);

        Assert.True(token.IsSealed);
        Assert.Equal(AuthorizationOutcome.Authorized, result.Outcome);
        Assert.Throws<InvalidOperationException>(() => token.Attenuate("check if true;"));
    }

    [Fact]
    public async Task TokenFromWasm_WithAFlippedByte_FailsVerification()
    {
        var text = await BiscuitWasm.Mint(RootSeed, Authority, ["check if true;"], seal: false);
        var bytes = BrokerTokens.Verify(text, RootPublicKey).ToBytes();
        bytes[20] ^= 1;

        Assert.ThrowsAny<BiscuitException>(() => BrokerTokens.Verify(bytes, RootPublicKey));
    }

    [Fact]
    public async Task TokenFromWasm_AttenuatedHere_IsJudgedByBothLibrariesAlike()
    {
        var text = await BiscuitWasm.Mint(RootSeed, Authority, [], seal: false);
        var attenuated = BrokerTokens.Verify(text, RootPublicKey)
            .Attenuate("""check if operation("read");""").ToBase64();
        const string Code = """operation("write"); allow if true;""";

        var here = BrokerTokens.Authorize(BrokerTokens.Verify(attenuated, RootPublicKey), Code, TestLimits.Generous);
        var there = await BiscuitWasm.Authorize(attenuated, RootPublicKey, Code);

        Assert.Equal(AuthorizationOutcome.Unauthorized, here.Outcome);
        Assert.False(there["authorized"]!.GetValue<bool>());
    }
}
