using System.Numerics;
using System.Security.Cryptography;

namespace Broker.Biscuit.Crypto;

/// <summary>ECDSA P-256 with SHA-256, on keys in the SEC1 compressed form that Biscuit carries.</summary>
internal static class P256
{
    // Curve constants of NIST P-256 (FIPS 186-4, D.1.2.3).
    private static readonly BigInteger Prime = Parse(
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");

    private static readonly BigInteger B = Parse(
        "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");

    public static bool IsValidPublicKey(byte[] compressed) => TryDecompress(compressed, out _, out _);

    public static bool Verify(byte[] compressed, ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature)
    {
        if (!TryDecompress(compressed, out var x, out var y))
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = x, Y = y },
            });
            return ecdsa.VerifyData(
                data, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static byte[] Sign(byte[] privateScalar, ReadOnlySpan<byte> data)
    {
        using var ecdsa = Import(privateScalar);
        return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public static byte[] PublicKeyOf(byte[] privateScalar)
    {
        using var ecdsa = Import(privateScalar);
        ECPoint q;
        try
        {
            q = ecdsa.ExportParameters(false).Q;
        }
        catch (CryptographicException e)
        {
            throw new BiscuitFormatException("Invalid P-256 private key.", e);
        }

        var compressed = new byte[33];
        compressed[0] = (byte)((q.Y![31] & 1) == 0 ? 0x02 : 0x03);
        q.X!.CopyTo(compressed, 1);
        return compressed;
    }

    public static byte[] GeneratePrivateScalar()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ecdsa.ExportParameters(true).D!;
    }

    private static ECDsa Import(byte[] privateScalar)
    {
        try
        {
            return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateScalar });
        }
        catch (CryptographicException e)
        {
            throw new BiscuitFormatException("Invalid P-256 private key.", e);
        }
    }

    private static bool TryDecompress(byte[] compressed, out byte[] x, out byte[] y)
    {
        x = y = [];
        if (compressed.Length != 33 || (compressed[0] != 0x02 && compressed[0] != 0x03))
        {
            return false;
        }

        var xValue = new BigInteger(compressed.AsSpan(1), isUnsigned: true, isBigEndian: true);
        if (xValue >= Prime)
        {
            return false;
        }

        // y^2 = x^3 - 3x + b; p = 3 (mod 4), so a square root is a power (p + 1) / 4.
        var ySquared = Mod(BigInteger.ModPow(xValue, 3, Prime) - (3 * xValue) + B);
        var yValue = BigInteger.ModPow(ySquared, (Prime + 1) / 4, Prime);
        if (BigInteger.ModPow(yValue, 2, Prime) != ySquared)
        {
            return false;
        }

        if ((yValue.IsEven ? 0x02 : 0x03) != compressed[0])
        {
            yValue = Prime - yValue;
        }

        x = ToFixed(xValue);
        y = ToFixed(yValue);
        return true;
    }

    private static BigInteger Mod(BigInteger value)
    {
        var r = value % Prime;
        return r.Sign < 0 ? r + Prime : r;
    }

    private static byte[] ToFixed(BigInteger value)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[32];
        raw.CopyTo(result, 32 - raw.Length);
        return result;
    }

    private static BigInteger Parse(string hex) =>
        new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);
}
