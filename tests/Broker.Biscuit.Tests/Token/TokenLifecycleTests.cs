using Broker.Biscuit.Crypto;
using Broker.Biscuit.Token;
using Google.Protobuf;
using P = Broker.Biscuit.Format.Proto;

namespace Broker.Biscuit.Tests.Token;

public sealed class TokenLifecycleTests
{
    private static readonly BiscuitKeyPair Root = BiscuitKeyPair.Generate();

    private static BiscuitToken Mint(string code = """right("news", "get");""") =>
        BiscuitToken.Create(Root, new BlockBuilder().AddCode(code));

    [Fact]
    public void MintedToken_RoundTripsThroughBytesAndText()
    {
        var token = Mint().Attenuate("""check if operation("read");""");

        var fromBytes = BiscuitToken.FromBytes(token.ToBytes(), Root.PublicKey);
        var fromText = BiscuitToken.FromBase64(token.ToBase64().TrimEnd('='), Root.PublicKey);

        Assert.Equal(token.ToString(), fromBytes.ToString());
        Assert.Equal(token.RevocationIds.ToArray(), fromText.RevocationIds.ToArray());
        Assert.DoesNotContain('+', token.ToBase64());
        Assert.DoesNotContain('/', token.ToBase64());
    }

    [Fact]
    public void PlainAuthorityBlock_IsSignedWithVersionZero()
    {
        var message = P.Biscuit.Parser.ParseFrom(Mint().ToBytes());

        Assert.False(message.Authority.HasVersion);
        Assert.Equal(3u, P.Block.Parser.ParseFrom(message.Authority.Block).Version);
    }

    [Fact]
    public void VersionZeroSignature_CoversBlockThenAlgorithmThenNextKey()
    {
        var message = P.Biscuit.Parser.ParseFrom(Mint().ToBytes());
        var block = message.Authority.Block.ToByteArray();
        var payload = block.Concat(new byte[] { 0, 0, 0, 0 }).Concat(message.Authority.NextKey.Key).ToArray();

        Assert.True(Root.PublicKey.Verify(payload, message.Authority.Signature.Span));
    }

    [Fact]
    public void BlockWithDatalogThreeThreeFeatures_IsSignedWithVersionOne()
    {
        var token = Mint().Attenuate("""reject if operation("delete");""");
        var message = P.Biscuit.Parser.ParseFrom(token.ToBytes());

        Assert.Equal(1u, message.Blocks[0].Version);
        Assert.Equal(6u, token.Blocks[1].Version);
        Assert.NotNull(BiscuitToken.FromBytes(token.ToBytes(), Root.PublicKey));
    }

    [Fact]
    public void SealedToken_VerifiesAndRefusesAttenuation()
    {
        var sealedToken = BiscuitToken.FromBytes(Mint().Seal().ToBytes(), Root.PublicKey);

        Assert.True(sealedToken.IsSealed);
        Assert.Throws<InvalidOperationException>(() => sealedToken.Attenuate("check if true;"));
        Assert.Throws<InvalidOperationException>(() => sealedToken.Seal());
    }

    [Fact]
    public void TokenWithABlockRemoved_FailsVerification()
    {
        var message = P.Biscuit.Parser.ParseFrom(Mint().Attenuate("check if false;").ToBytes());
        message.Blocks.Clear();

        Assert.Throws<BiscuitSignatureException>(() => BiscuitToken.FromBytes(message.ToByteArray(), Root.PublicKey));
    }

    [Fact]
    public void TokenWithSwappedProofSecret_FailsVerification()
    {
        var message = P.Biscuit.Parser.ParseFrom(Mint().ToBytes());
        message.Proof.NextSecret = ByteString.CopyFrom(BiscuitKeyPair.Generate().ExportPrivateKey());

        Assert.Throws<BiscuitSignatureException>(() => BiscuitToken.FromBytes(message.ToByteArray(), Root.PublicKey));
    }

    [Fact]
    public void Garbage_IsRejectedAsMalformed()
    {
        Assert.Throws<BiscuitFormatException>(() => BiscuitToken.FromBytes([1, 2, 3, 4], Root.PublicKey));
        Assert.Throws<BiscuitFormatException>(() => BiscuitToken.FromBase64("not base64!", Root.PublicKey));
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(7u)]
    public void BlockOfUnsupportedVersion_IsRejected(uint version)
    {
        var error = Assert.Throws<BiscuitFormatException>(() => SignedAuthority(new P.Block { Version = version }));

        Assert.Equal($"Unsupported block version {version}.", error.Message);
    }

    [Fact]
    public void VersionThreeBlockWithAnArray_IsAccepted_AsTheReferenceWritesSuch()
    {
        var block = new P.Block { Version = 3 };
        var check = new P.CheckV2();
        var expression = new P.ExpressionV2();
        var array = new P.Array { Array_ = { new P.TermV2 { Bool = true } } };
        expression.Ops.Add(new P.Op { Value = new P.TermV2 { Array = array } });
        expression.Ops.Add(new P.Op { Value = new P.TermV2 { Bool = true } });
        expression.Ops.Add(new P.Op { Binary = new P.OpBinary { Kind = P.OpBinary.Types.Kind.Contains } });
        check.Queries.Add(new P.RuleV2 { Head = new P.PredicateV2 { Name = 27 }, Expressions = { expression } });
        block.Checks.Add(check);

        var token = SignedAuthority(block);

        Assert.Equal("check if [true].contains(true);", token.Blocks[0].ToString());
    }

    private static BiscuitToken SignedAuthority(P.Block block)
    {
        var data = block.ToByteArray();
        var next = BiscuitKeyPair.Generate();
        var payload = data.Concat(new byte[4]).Concat(next.PublicKey.Bytes.ToArray()).ToArray();
        var message = new P.Biscuit
        {
            Authority = new P.SignedBlock
            {
                Block = ByteString.CopyFrom(data),
                NextKey = new P.PublicKey
                {
                    Algorithm = P.PublicKey.Types.Algorithm.Ed25519,
                    Key = ByteString.CopyFrom(next.PublicKey.Bytes),
                },
                Signature = ByteString.CopyFrom(Root.Sign(payload)),
            },
            Proof = new P.Proof { NextSecret = ByteString.CopyFrom(next.ExportPrivateKey()) },
        };

        return BiscuitToken.FromBytes(message.ToByteArray(), Root.PublicKey);
    }

    [Fact]
    public void RootKeyId_ChoosesTheRootKey()
    {
        var other = BiscuitKeyPair.Generate();
        var token = BiscuitToken.Create(other, new BlockBuilder().AddCode("a(1);"), rootKeyId: 7).ToBytes();

        var verified = BiscuitToken.FromBytes(token, id => id == 7 ? other.PublicKey : Root.PublicKey);

        Assert.Equal(7u, verified.RootKeyId);
    }

    [Fact]
    public void P256RootKey_MintsAndVerifies()
    {
        var root = BiscuitKeyPair.Generate(BiscuitAlgorithm.Secp256r1);
        var token = BiscuitToken.Create(root, new BlockBuilder().AddCode("a(1);")).Attenuate("check if a(1);");

        var verified = BiscuitToken.FromBytes(token.Seal().ToBytes(), root.PublicKey);

        Assert.Equal(2, verified.Blocks.Length);
        Assert.StartsWith("secp256r1/0", root.PublicKey.ToString(), StringComparison.Ordinal);
    }
}
