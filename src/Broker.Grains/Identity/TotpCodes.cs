using System.Security.Cryptography;
using OtpNet;

namespace Broker.Identity;

/// <summary>RFC 6238 codes as every authenticator app makes them: HMAC-SHA1, 6 digits, 30-second steps.</summary>
public static class TotpCodes
{
    /// <summary>160 bits, the size RFC 4226 recommends for an HMAC-SHA1 key.</summary>
    public const int SecretBytes = 20;

    private const int StepSeconds = 30;
    private const int Digits = 6;
    private static readonly VerificationWindow OneStepEitherSide = new(previous: 1, future: 1);

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret);

    /// <summary>True when <paramref name="code"/> has the shape of a code: exactly six ASCII digits.</summary>
    public static bool IsWellFormed(string? code) => code is { Length: Digits } && code.All(char.IsAsciiDigit);

    /// <summary>
    /// The time step <paramref name="code"/> belongs to, if it is the code of the current step or one either side.
    /// </summary>
    public static long? MatchStep(byte[] secret, string code, DateTimeOffset now)
    {
        if (!IsWellFormed(code))
        {
            return null;
        }

        var totp = Create(secret);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, OneStepEitherSide) ? step : null;
    }

    /// <summary>The codes a login would accept at <paramref name="now"/>.</summary>
    public static IEnumerable<string> AcceptedCodes(byte[] secret, DateTimeOffset now)
    {
        var totp = Create(secret);
        for (var offset = -1; offset <= 1; offset++)
        {
            yield return totp.ComputeTotp(now.UtcDateTime.AddSeconds(offset * StepSeconds));
        }
    }

    private static Totp Create(byte[] secret) => new(secret, StepSeconds, OtpHashMode.Sha1, Digits);
}
