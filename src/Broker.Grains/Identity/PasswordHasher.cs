using System.Text;
using Microsoft.Extensions.Options;

namespace Broker.Identity;

/// <summary>
/// bcrypt, run on the thread pool: a hash costs tens of milliseconds at the default work factor, which would
/// otherwise hold up every grain sharing the scheduler. Callers still await it, so the grain stays serialized.
/// </summary>
public sealed class PasswordHasher(IOptions<IdentityOptions> options)
{
    private readonly int _cost = options.Value.BcryptCost;

    /// <summary>Hashes a password that already passed <see cref="UserRules.CheckPassword"/>.</summary>
    public Task<string> HashAsync(string password) =>
        Task.Run(() => BCrypt.Net.BCrypt.HashPassword(password, _cost));

    /// <summary>
    /// True when the password matches. A password bcrypt would cut (over 72 bytes) or one with a NUL never
    /// matches, since no such password can have been stored.
    /// </summary>
    public static Task<bool> VerifyAsync(string password, string hash)
    {
        if (string.IsNullOrEmpty(password) || password.Contains('\0', StringComparison.Ordinal)
            || Encoding.UTF8.GetByteCount(password) > UserRules.MaxPasswordBytes)
        {
            return Task.FromResult(false);
        }

        return Task.Run(() => BCrypt.Net.BCrypt.Verify(password, hash));
    }
}
