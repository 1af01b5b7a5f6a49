using System.Globalization;
using NSec.Cryptography;

namespace Broker.Biscuit.Crypto;

/// <summary>Signature algorithms of Biscuit keys; the numbers are the wire format's.</summary>
public enum BiscuitAlgorithm
{
    /// <summary>Ed25519 (32-byte keys, 64-byte signatures). The default.</summary>
    Ed25519 = 0,

    /// <summary>ECDSA on NIST P-256 with SHA-256 (33-byte compressed keys, DER signatures).</summary>
    Secp256r1 = 1,
}

/// <summary>A public key, as found in tokens and <c>trusting</c> scopes. Compares by value.</summary>
public sealed class BiscuitPublicKey : IEquatable<BiscuitPublicKey>
{
    private readonly byte[] _bytes;

    /// <summary>Creates a public key from its algorithm and encoded bytes.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="bytes">32 raw bytes for Ed25519; 33 bytes (SEC1 compressed point) for P-256.</param>
    /// <exception cref="BiscuitFormatException">The bytes are not a key of that algorithm.</exception>
    public BiscuitPublicKey(BiscuitAlgorithm algorithm, ReadOnlySpan<byte> bytes)
    {
        Algorithm = algorithm;
        _bytes = bytes.ToArray();
        var valid = algorithm switch
        {
            BiscuitAlgorithm.Ed25519 => _bytes.Length == 32,
            BiscuitAlgorithm.Secp256r1 => P256.IsValidPublicKey(_bytes),
            _ => false,
        };
        if (!valid)
        {
            throw new BiscuitFormatException($"Invalid {algorithm} public key.");
        }
    }

    /// <summary>The algorithm.</summary>
    public BiscuitAlgorithm Algorithm { get; }

    /// <summary>The encoded key: 32 bytes for Ed25519.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Creates an Ed25519 public key from its 32 bytes.</summary>
    /// <param name="bytes">The 32-byte key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="BiscuitFormatException">The key is not 32 bytes long.</exception>
    public static BiscuitPublicKey Ed25519(ReadOnlySpan<byte> bytes) => new(BiscuitAlgorithm.Ed25519, bytes);

    /// <summary>Parses <c>ed25519/&lt;hex&gt;</c> or <c>secp256r1/&lt;hex&gt;</c>; bare hex means Ed25519.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="BiscuitFormatException">The text is not a key.</exception>
    public static BiscuitPublicKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? "ed25519" : text[..slash];
        var algorithm = prefix switch
        {
            "ed25519" => BiscuitAlgorithm.Ed25519,
            "secp256r1" => BiscuitAlgorithm.Secp256r1,
            _ => throw new BiscuitFormatException("Unknown key algorithm: " + prefix),
        };
        try
        {
            return new BiscuitPublicKey(algorithm, Convert.FromHexString(text[(slash + 1)..]));
        }
        catch (FormatException e)
        {
            throw new BiscuitFormatException("Public key is not hexadecimal.", e);
        }
    }

    /// <summary>Verifies a signature made with the matching private key.</summary>
    /// <param name="data">The signed data.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>Whether the signature is valid.</returns>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (Algorithm == BiscuitAlgorithm.Secp256r1)
        {
            return P256.Verify(_bytes, data, signature);
        }

        if (signature.Length != 64 ||
            !PublicKey.TryImport(SignatureAlgorithm.Ed25519, _bytes, KeyBlobFormat.RawPublicKey, out var key))
        {
            return false;
        }

        return SignatureAlgorithm.Ed25519.Verify(key!, data, signature);
    }

    /// <inheritdoc />
    public bool Equals(BiscuitPublicKey? other) =>
        other is not null && Algorithm == other.Algorithm && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BiscuitPublicKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Algorithm);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Prints the key as in Datalog, such as <c>ed25519/0a1b...</c>.</summary>
    public override string ToString() =>
        (Algorithm == BiscuitAlgorithm.Ed25519 ? "ed25519/" : "secp256r1/") +
        Convert.ToHexStringLower(_bytes).ToString(CultureInfo.InvariantCulture);
}
