using System.Text.Encodings.Web;
using Broker.Gateway.Http;
using Broker.Gateway.Identity;
using Broker.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Auth;

/// <summary>
/// <c>Authorization: Basic base64(username:password)</c>. A repeat of credentials already verified under the
/// user's current stamp costs one in-memory grain call; anything else goes to the user grain's bcrypt check,
/// which also counts failures and enforces revocation and the two-factor rule.
/// </summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BasicCredentialCache cache,
    IGrainFactory grains) : BrokerAuthenticationHandler(options, logger, encoder)
{
    private static readonly ApiError WrongCredentials = ApiError.Unauthorized("invalid username or password");

    protected override async Task<AuthenticateResult> AuthenticateCoreAsync(string header)
    {
        if (!AuthorizationHeader.TryParseBasic(header, out var credentials))
        {
            return Reject(ApiError.Unauthorized("malformed Basic credentials: expected base64(username:password)"));
        }

        if (Names.Check(credentials.Username, "username") is not null)
        {
            return Reject(WrongCredentials);
        }

        // An unknown username is wrong credentials like any other: a 401, as every user endpoint answers a
        // refused login (a 404 would read as a missing endpoint).
        var user = grains.GetGrain<IUserGrain>(credentials.Username);
        var ticket = await user.GetTicket();
        if (ticket is null)
        {
            return Reject(WrongCredentials);
        }

        var key = cache.KeyOf(credentials);
        if (ticket is { Revoked: false, TwoFactor: false } && cache.IsVerified(key, ticket.Stamp))
        {
            return Accept(ticket, null);
        }

        var checkedTicket = await user.CheckPassword(credentials.Password);
        if (checkedTicket is not { Succeeded: true, Value: { } verified })
        {
            var failure = checkedTicket.Failure!;
            return Reject(failure.Kind == FailureKind.NotFound ? WrongCredentials : ApiError.From(failure));
        }

        cache.Remember(key, verified.Stamp);
        return Accept(verified, null);
    }
}
