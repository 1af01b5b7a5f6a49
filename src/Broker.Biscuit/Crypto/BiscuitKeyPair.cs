using System.Security.Cryptography;
using NSec.Cryptography;

namespace Broker.Biscuit.Crypto;

/// <summary>
/// A private key and its public key: the root key that mints tokens, or the ephemeral key of a token's last block.
/// </summary>
/// <remarks>Keep root private keys secret; the class keeps a copy of the private key in memory.</remarks>
public sealed class BiscuitKeyPair
{
    private readonly byte[] _privateKey;

    private BiscuitKeyPair(BiscuitAlgorithm algorithm, byte[] privateKey)
    {
        Algorithm = algorithm;
        _privateKey = privateKey;
        PublicKey = algorithm == BiscuitAlgorithm.Ed25519
            ? BiscuitPublicKey.Ed25519(Ed25519PublicKey(privateKey))
            : new BiscuitPublicKey(algorithm, P256.PublicKeyOf(privateKey));
    }

    /// <summary>The algorithm.</summary>
    public BiscuitAlgorithm Algorithm { get; }

    /// <summary>The public key; for Ed25519 <c>PublicKey.Bytes</c> is the 32-byte key to publish.</summary>
    public BiscuitPublicKey PublicKey { get; }

    /// <summary>Generates a new random Ed25519 key pair.</summary>
    /// <returns>The key pair.</returns>
    public static BiscuitKeyPair Generate() => Generate(BiscuitAlgorithm.Ed25519);

    /// <summary>Generates a new random key pair.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The key pair.</returns>
    public static BiscuitKeyPair Generate(BiscuitAlgorithm algorithm) => algorithm == BiscuitAlgorithm.Ed25519
        ? new BiscuitKeyPair(algorithm, RandomNumberGenerator.GetBytes(32))
        : new BiscuitKeyPair(algorithm, P256.GeneratePrivateScalar());

    /// <summary>Loads an Ed25519 key pair from its 32-byte private key (seed).</summary>
    /// <param name="seed">The 32-byte private key.</param>
    /// <returns>The key pair.</returns>
    /// <exception cref="BiscuitFormatException">The seed is not 32 bytes long.</exception>
    public static BiscuitKeyPair FromSeed(ReadOnlySpan<byte> seed) =>
        FromPrivateKey(BiscuitAlgorithm.Ed25519, seed);

    /// <summary>Loads a key pair from its private key bytes.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="privateKey">32 bytes: the Ed25519 seed, or the P-256 scalar (big-endian).</param>
    /// <returns>The key pair.</returns>
    /// <exception cref="BiscuitFormatException">The bytes are not a private key of that algorithm.</exception>
    public static BiscuitKeyPair FromPrivateKey(BiscuitAlgorithm algorithm, ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32 || !Enum.IsDefined(algorithm))
        {
            throw new BiscuitFormatException("A private key is 32 bytes long.");
        }

        return new BiscuitKeyPair(algorithm, privateKey.ToArray());
    }

    /// <summary>Returns a copy of the 32-byte private key (the Ed25519 seed).</summary>
    /// <returns>The private key bytes.</returns>
    public byte[] ExportPrivateKey() => (byte[])_privateKey.Clone();

    /// <summary>Signs data.</summary>
    /// <param name="data">The data.</param>
    /// <returns>The signature: 64 bytes for Ed25519, DER for P-256.</returns>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (Algorithm == BiscuitAlgorithm.Secp256r1)
        {
            return P256.Sign(_privateKey, data);
        }

        using var key = Import(_privateKey);
        return SignatureAlgorithm.Ed25519.Sign(key, data);
    }

    private static byte[] Ed25519PublicKey(byte[] seed)
    {
        using var key = Import(seed);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    private static Key Import(byte[] seed) =>
        Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
}
