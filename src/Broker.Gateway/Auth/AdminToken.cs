using System.Security.Cryptography;
using System.Text;

namespace Broker.Gateway.Auth;

/// <summary>
/// The shared admin token of admin endpoints. Compared as SHA-256 hashes in constant time, so neither the
/// content nor the length of the configured token leaks through timing.
/// </summary>
public sealed class AdminToken
{
    private readonly byte[] _hash;

    public AdminToken(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>True only for the exact configured token; null and empty never match.</summary>
    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }
}
