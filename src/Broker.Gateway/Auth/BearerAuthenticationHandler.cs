using System.Text.Encodings.Web;
using Broker.Gateway.Http;
using Broker.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;jwt&gt;</c>: a valid HS256 token from us, whose stamp is still the user's current
/// one (so a password change, revocation or tenant move voids every older token at once).
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    JwtKeyring keyring,
    IGrainFactory grains) : BrokerAuthenticationHandler(options, logger, encoder)
{
    /// <summary>The answer to a token that is malformed, forged or expired; which one is not told.</summary>
    public const string InvalidToken = "invalid or expired token";

    protected override async Task<AuthenticateResult> AuthenticateCoreAsync(string header)
    {
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!AuthorizationHeader.HasScheme(header, AuthorizationHeader.BearerScheme))
        {
            return Reject(ApiError.Unauthorized("unsupported authorization scheme: use Bearer or Basic"));
        }

        var token = AuthorizationHeader.Parameter(header, AuthorizationHeader.BearerScheme);
        if (await keyring.Tokens.ValidateAsync(token) is not { } claims)
        {
            return Reject(ApiError.Unauthorized(InvalidToken));
        }

        var ticket = await grains.GetGrain<IUserGrain>(claims.Username).GetTicket();
        if (ticket is null)
        {
            return Reject(ApiError.Unauthorized("the token's user no longer exists"));
        }

        if (ticket.Revoked)
        {
            return Reject(ApiError.Unauthorized("user is revoked"));
        }

        if (ticket.Stamp != claims.Stamp)
        {
            return Reject(ApiError.Unauthorized("token is no longer valid: log in again"));
        }

        return Accept(ticket, claims.ExpiresAt);
    }
}
