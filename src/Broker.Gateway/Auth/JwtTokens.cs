using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Broker.Gateway.Auth;

/// <summary>What a valid JWT says about its bearer.</summary>
public sealed record JwtClaims(string Username, string Tenant, string Stamp, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues and checks the HS256 JWTs of <c>/login</c>. Only HS256 with our secret and issuer passes; the
/// expiry is checked against the injected clock with at most <see cref="ClockSkew"/> of tolerance.
/// </summary>
public sealed class JwtTokens
{
    public const string Issuer = "Broker";

    public const string TenantClaim = "tenant";

    public const string StampClaim = "stamp";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public JwtTokens(byte[] secret, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = new SymmetricSecurityKey(secret);
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _lifetime = lifetime;
        _time = time;
        _validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateIssuer = true,
            ValidateAudience = false,
            IssuerSigningKey = key,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = IsWithinLifetime,
        };
    }

    public TimeSpan Lifetime => _lifetime;

    public string Issue(string username, string tenant, string stamp)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now,
            Expires = now + _lifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = username,
                [TenantClaim] = tenant,
                [StampClaim] = stamp,
            },
        });
    }

    /// <returns>The claims, or null for any token that is not ours, not HS256, tampered with or expired.</returns>
    public async Task<JwtClaims?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        if (!jwt.TryGetPayloadValue<string>(TenantClaim, out var tenant) ||
            !jwt.TryGetPayloadValue<string>(StampClaim, out var stamp) ||
            string.IsNullOrEmpty(jwt.Subject))
        {
            return null;
        }

        return new JwtClaims(jwt.Subject, tenant, stamp, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token,
        TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } end && now <= end + ClockSkew && (notBefore is not { } start || now >= start - ClockSkew);
    }
}
