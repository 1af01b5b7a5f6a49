using Broker.Biscuit.Crypto;
using Broker.Biscuit.Format;
using Google.Protobuf;

namespace Broker.Biscuit.Token;

/// <summary>Attenuation and sealing.</summary>
public sealed partial class BiscuitToken
{
    /// <summary>Appends a block (usually checks) that restricts the token; anyone holding it can do this.</summary>
    /// <param name="block">The block's Datalog.</param>
    /// <returns>The attenuated token.</returns>
    /// <exception cref="InvalidOperationException">The token is sealed.</exception>
    public BiscuitToken Attenuate(BlockBuilder block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var content = block.Build(null);
        var data = new BlockEncoder(_symbols.Clone(), _keys.Clone()).Encode(content).ToByteArray();
        return Append(data, content.Version, null);
    }

    /// <summary>Appends a block written in Datalog, such as <c>check if operation("read");</c>.</summary>
    /// <param name="source">The block's Datalog.</param>
    /// <returns>The attenuated token.</returns>
    /// <exception cref="DatalogParseException">The text is not valid block Datalog.</exception>
    /// <exception cref="InvalidOperationException">The token is sealed.</exception>
    public BiscuitToken Attenuate(string source) => Attenuate(new BlockBuilder().AddCode(source));

    /// <summary>
    /// Appends a third-party block: one signed by another party's key, which rules and checks can trust
    /// with <c>trusting &lt;public key&gt;</c>.
    /// </summary>
    /// <param name="block">The block's Datalog.</param>
    /// <param name="thirdParty">The third party's key pair.</param>
    /// <returns>The token with the new block.</returns>
    /// <exception cref="InvalidOperationException">The token is sealed.</exception>
    public BiscuitToken AttenuateThirdParty(BlockBuilder block, BiscuitKeyPair thirdParty)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(thirdParty);
        var content = block.Build(thirdParty.PublicKey);
        var data = new BlockEncoder(new SymbolTable(), new PublicKeyTable()).Encode(content).ToByteArray();
        var signature = thirdParty.Sign(SignaturePayload.External(1, data, _signed[^1].Signature));
        return Append(data, content.Version, new ExternalSignature(signature, thirdParty.PublicKey));
    }

    /// <summary>Seals the token: replaces the last secret by a final signature, so no block can be added.</summary>
    /// <returns>The sealed token.</returns>
    /// <exception cref="InvalidOperationException">The token is already sealed.</exception>
    public BiscuitToken Seal()
    {
        var secret = _nextSecret ?? throw new InvalidOperationException("The token is already sealed.");
        var last = _signed[^1];
        var signature = secret.Sign(SignaturePayload.Seal(last.Data, last.NextKey, last.Signature));
        return new BiscuitToken(RootKeyId, _signed, null, signature);
    }

    private BiscuitToken Append(byte[] data, uint datalogVersion, ExternalSignature? external)
    {
        var secret = _nextSecret ?? throw new InvalidOperationException("A sealed token cannot be attenuated.");
        var next = BiscuitKeyPair.Generate();
        var version = external is not null || datalogVersion >= 6 || secret.Algorithm != BiscuitAlgorithm.Ed25519
            ? 1u
            : _signed.Max(b => b.SignatureVersion);
        var previous = _signed[^1].Signature;
        var payload = SignaturePayload.Block(version, data, next.PublicKey, external?.Signature, previous, false);
        var signed = new SignedBlock(data, next.PublicKey, secret.Sign(payload), external, version);
        return new BiscuitToken(RootKeyId, _signed.Add(signed), next, null);
    }
}

/// <summary>URL-safe base64 as Biscuit's text form uses it.</summary>
internal static class Base64Url
{
    public static string Encode(byte[] data) => Convert.ToBase64String(data).Replace('+', '-').Replace('/', '_');

    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var standard = text.Trim().Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(standard);
        }
        catch (FormatException e)
        {
            throw new BiscuitFormatException("The token text is not base64url.", e);
        }
    }
}
