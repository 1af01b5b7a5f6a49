using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Broker.Gateway.Auth;

/// <summary>
/// Remembers which Basic credentials bcrypt already accepted, keyed by an HMAC of username and password under a
/// random per-process key (no password is kept), and valued by the user's stamp at that time. A hit under the
/// current stamp skips bcrypt; a password change or revocation changes the stamp, so old entries stop matching
/// at once.
/// </summary>
public sealed class BasicCredentialCache : IDisposable
{
    /// <summary>Bounds memory whatever the number of distinct callers.</summary>
    public const int Capacity = 100_000;

    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(30);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>The cache key of a username and password.</summary>
    public string KeyOf(BasicCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);

        // Usernames hold no control characters, so a NUL separates the two parts unambiguously.
        var input = Encoding.UTF8.GetBytes(credentials.Username + "\0" + credentials.Password);
        try
        {
            return Convert.ToBase64String(HMACSHA256.HashData(_key, input));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>True when these credentials were verified under <paramref name="stamp"/>.</summary>
    public bool IsVerified(string key, string stamp) =>
        _cache.TryGetValue(key, out string? verifiedStamp) && verifiedStamp == stamp;

    public void Remember(string key, string stamp) =>
        _cache.Set(key, stamp, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleLifetime });

    public void Dispose() => _cache.Dispose();
}
