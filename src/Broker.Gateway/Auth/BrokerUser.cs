using System.Globalization;
using System.Security.Claims;

namespace Broker.Gateway.Auth;

/// <summary>The authenticated caller of a user endpoint, as the authentication handlers established it.</summary>
/// <param name="Stamp">The user's stamp the credentials were accepted under; it changes with every sign-out.</param>
/// <param name="ExpiresAt">When the caller's JWT expires; null for HTTP Basic.</param>
public sealed record BrokerUser(
    string Username, string Tenant, IReadOnlyList<string> Scopes, string Stamp, DateTimeOffset? ExpiresAt)
{
    /// <summary>Reads the caller from a principal made by <see cref="BrokerClaims.Principal"/>.</summary>
    /// <exception cref="InvalidOperationException">The request was not authenticated by Broker's schemes.</exception>
    public static BrokerUser From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var username = principal.FindFirstValue(ClaimTypes.Name);
        var tenant = principal.FindFirstValue(BrokerClaims.Tenant);
        var stamp = principal.FindFirstValue(BrokerClaims.Stamp);
        if (username is null || tenant is null || stamp is null)
        {
            throw new InvalidOperationException("The endpoint must require authorization.");
        }

        var scopes = principal.FindAll(BrokerClaims.Scope).Select(claim => claim.Value).ToArray();
        DateTimeOffset? expiresAt = principal.FindFirstValue(BrokerClaims.ExpiresAt) is { } exp
            ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(exp, CultureInfo.InvariantCulture))
            : null;
        return new BrokerUser(username, tenant, scopes, stamp, expiresAt);
    }
}

/// <summary>Claim types the gateway puts on an authenticated request's principal.</summary>
public static class BrokerClaims
{
    public const string Tenant = JwtTokens.TenantClaim;

    /// <summary>The user's stamp at authentication, which a stream compares with the current one later.</summary>
    public const string Stamp = JwtTokens.StampClaim;

    /// <summary>Unix seconds at which the JWT expires; absent for Basic.</summary>
    public const string ExpiresAt = "exp";

    public const string Scope = "scope";

    public static ClaimsPrincipal Principal(string scheme, string username, string tenant,
        IReadOnlyList<string> scopes, string stamp, DateTimeOffset? expiresAt)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var claims = new List<Claim> { new(ClaimTypes.Name, username), new(Tenant, tenant), new(Stamp, stamp) };
        claims.AddRange(scopes.Select(scope => new Claim(Scope, scope)));
        if (expiresAt is { } expiry)
        {
            claims.Add(new Claim(ExpiresAt, expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, null));
    }
}
