using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Broker.Identity;

/// <summary>
/// One-time password-reset codes: six random digits, never one a login would accept at the time they are made.
/// Only a hash keyed with the user's TOTP secret is kept, so stored state does not reveal a live code.
/// </summary>
public static class ResetCodes
{
    public static string Create(byte[] totpSecret, DateTimeOffset now)
    {
        var loginCodes = TotpCodes.AcceptedCodes(totpSecret, now).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            if (!loginCodes.Contains(code))
            {
                return code;
            }
        }
    }

    public static string Hash(byte[] totpSecret, string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(totpSecret, Encoding.ASCII.GetBytes(code)));

    /// <summary>True when <paramref name="code"/> is the user's live, unexpired reset code.</summary>
    public static bool Matches(UserState state, string? code, DateTimeOffset now)
    {
        if (state.ResetCodeHash is null || now >= state.ResetCodeExpires || !TotpCodes.IsWellFormed(code))
        {
            return false;
        }

        var given = Encoding.ASCII.GetBytes(Hash(state.TotpSecret, code!));
        return CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(state.ResetCodeHash));
    }
}
