using System.Collections.Immutable;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Format;
using Google.Protobuf;
using P = Broker.Biscuit.Format.Proto;

namespace Broker.Biscuit.Token;

/// <summary>
/// A Biscuit token whose signatures were verified against a root public key. Immutable: attenuating or
/// sealing returns a new token.
/// </summary>
/// <remarks>
/// A verified token is not yet authorized: run an <see cref="Authorization.Authorizer"/> on it.
/// </remarks>
public sealed partial class BiscuitToken
{
    private readonly ImmutableArray<SignedBlock> _signed;
    private readonly BiscuitKeyPair? _nextSecret;
    private readonly byte[]? _finalSignature;
    private readonly SymbolTable _symbols;
    private readonly PublicKeyTable _keys;

    private BiscuitToken(
        uint? rootKeyId,
        ImmutableArray<SignedBlock> signed,
        BiscuitKeyPair? nextSecret,
        byte[]? finalSignature)
    {
        RootKeyId = rootKeyId;
        _signed = signed;
        _nextSecret = nextSecret;
        _finalSignature = finalSignature;
        (Blocks, _symbols, _keys) = DecodeBlocks(signed);
    }

    /// <summary>The hint of which root key signed the token, if the issuer set one.</summary>
    public uint? RootKeyId { get; }

    /// <summary>The blocks: the authority block first, then each attenuation.</summary>
    public ImmutableArray<Block> Blocks { get; }

    /// <summary>Whether the token was sealed (it cannot be attenuated any more).</summary>
    public bool IsSealed => _finalSignature is not null;

    /// <summary>
    /// One identifier per block (the block's signature, lowercase hex): revoke a token, or every token
    /// derived from it, by refusing any of these.
    /// </summary>
    public ImmutableArray<string> RevocationIds => [.. _signed.Select(b => Convert.ToHexStringLower(b.Signature))];

    /// <summary>Decodes a token and verifies its signatures.</summary>
    /// <param name="data">The serialized token.</param>
    /// <param name="rootKey">The public key that must have signed the authority block.</param>
    /// <returns>The verified token.</returns>
    /// <exception cref="BiscuitFormatException">The token is malformed or uses an unsupported version.</exception>
    /// <exception cref="BiscuitSignatureException">A signature does not verify.</exception>
    public static BiscuitToken FromBytes(ReadOnlySpan<byte> data, BiscuitPublicKey rootKey)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        return FromBytes(data, _ => rootKey);
    }

    /// <summary>Decodes a token and verifies its signatures, choosing the root key by the token's hint.</summary>
    /// <param name="data">The serialized token.</param>
    /// <param name="rootKeyProvider">Returns the root key for the token's root key id (null when absent).</param>
    /// <returns>The verified token.</returns>
    /// <exception cref="BiscuitFormatException">The token is malformed or uses an unsupported version.</exception>
    /// <exception cref="BiscuitSignatureException">A signature does not verify.</exception>
    public static BiscuitToken FromBytes(ReadOnlySpan<byte> data, Func<uint?, BiscuitPublicKey> rootKeyProvider)
    {
        ArgumentNullException.ThrowIfNull(rootKeyProvider);
        var (rootKeyId, blocks, proof) = TokenCodec.Read(data);
        ChainVerifier.Verify(blocks, rootKeyProvider(rootKeyId));
        var last = blocks[^1];
        switch (proof.ContentCase)
        {
            case P.Proof.ContentOneofCase.NextSecret:
                var secret = BiscuitKeyPair.FromPrivateKey(last.NextKey.Algorithm, proof.NextSecret.Span);
                if (!secret.PublicKey.Equals(last.NextKey))
                {
                    throw new BiscuitSignatureException("The proof's secret does not match the last block's key.");
                }

                return new BiscuitToken(rootKeyId, [.. blocks], secret, null);
            case P.Proof.ContentOneofCase.FinalSignature:
                var signature = proof.FinalSignature.ToByteArray();
                ChainVerifier.VerifySeal(last, signature);
                return new BiscuitToken(rootKeyId, [.. blocks], null, signature);
            default:
                throw new BiscuitFormatException("The token has an empty proof.");
        }
    }

    /// <summary>Decodes a token from its base64url text and verifies its signatures.</summary>
    /// <param name="text">The token text (URL-safe base64, padding optional).</param>
    /// <param name="rootKey">The public key that must have signed the authority block.</param>
    /// <returns>The verified token.</returns>
    /// <exception cref="BiscuitFormatException">The text or token is malformed.</exception>
    /// <exception cref="BiscuitSignatureException">A signature does not verify.</exception>
    public static BiscuitToken FromBase64(string text, BiscuitPublicKey rootKey) =>
        FromBytes(Base64Url.Decode(text), rootKey);

    /// <summary>Mints a token: signs an authority block with the root key.</summary>
    /// <param name="rootKey">The root key pair.</param>
    /// <param name="authority">The authority block's Datalog.</param>
    /// <param name="rootKeyId">An optional hint telling verifiers which root key to use.</param>
    /// <returns>The token (attenuable).</returns>
    public static BiscuitToken Create(BiscuitKeyPair rootKey, BlockBuilder authority, uint? rootKeyId = null)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        ArgumentNullException.ThrowIfNull(authority);
        var block = authority.Build(null);
        var data = new BlockEncoder(new SymbolTable(), new PublicKeyTable()).Encode(block).ToByteArray();
        var next = BiscuitKeyPair.Generate();
        var version = block.Version >= 6 || rootKey.Algorithm != BiscuitAlgorithm.Ed25519 ? 1u : 0u;
        var signature = rootKey.Sign(SignaturePayload.Block(version, data, next.PublicKey, [], [], true));
        var authorityBlock = new SignedBlock(data, next.PublicKey, signature, null, version);
        return new BiscuitToken(rootKeyId, [authorityBlock], next, null);
    }

    /// <summary>Serializes the token.</summary>
    /// <returns>The protobuf bytes.</returns>
    public byte[] ToBytes()
    {
        var proof = _finalSignature is not null
            ? new P.Proof { FinalSignature = ByteString.CopyFrom(_finalSignature) }
            : new P.Proof { NextSecret = ByteString.CopyFrom(_nextSecret!.ExportPrivateKey()) };
        return TokenCodec.Write(RootKeyId, _signed, proof);
    }

    /// <summary>Serializes the token as URL-safe base64 (with padding, like the reference library).</summary>
    /// <returns>The token text.</returns>
    public string ToBase64() => Base64Url.Encode(ToBytes());

    /// <summary>Prints the blocks' Datalog, for diagnostics (a token's content is not secret, its proof is).</summary>
    public override string ToString() =>
        string.Join("\n", Blocks.Select((b, i) => $"block {i}:\n{b}"));

    private static (ImmutableArray<Block>, SymbolTable, PublicKeyTable) DecodeBlocks(
        ImmutableArray<SignedBlock> signed)
    {
        var symbols = new SymbolTable();
        var keys = new PublicKeyTable();
        var blocks = ImmutableArray.CreateBuilder<Block>(signed.Length);
        foreach (var block in signed)
        {
            var message = BlockDecoder.Parse(block.Data);
            if (block.External is { } external)
            {
                // A third party signs without seeing the token, so its block has tables of its own.
                var own = new SymbolTable();
                own.Extend(message.Symbols);
                blocks.Add(new BlockDecoder(own, BlockDecoder.ReadKeys(message)).Decode(message, external.Key));
                continue;
            }

            symbols.Extend(message.Symbols);
            keys.Extend(message.PublicKeys.Select(KeyCodec.FromProto));
            blocks.Add(new BlockDecoder(symbols, keys).Decode(message, null));
        }

        return (blocks.ToImmutable(), symbols, keys);
    }
}
