using System.Text.Encodings.Web;
using Broker.Gateway.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Auth;

/// <summary>
/// What Bearer and Basic share: <see cref="UserCredentials"/> checks the header under the handler's scheme; a
/// refusal is remembered on the request and written by the challenge as <c>{"error": ...}</c> with its status (401,
/// or 429/503 passed through from the user grain or an unreachable cluster).
/// </summary>
public abstract class BrokerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserCredentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected sealed override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var check = await credentials.CheckAsync(Scheme.Name, Request.Headers.Authorization.ToString());
        if (check.Refusal is { } refusal)
        {
            Context.Features.Set(new Rejection(refusal));
            return AuthenticateResult.Fail(refusal.Value.Error);
        }

        if (check.Ticket is not { } ticket)
        {
            return AuthenticateResult.NoResult();
        }

        return AuthenticateResult.Success(new AuthenticationTicket(
            BrokerClaims.Principal(Scheme.Name, ticket.Username, ticket.TenantName, ticket.Scopes, ticket.Stamp,
                check.ExpiresAt),
            Scheme.Name));
    }

    protected sealed override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        (Context.Features.Get<Rejection>()?.Error ?? UserCredentials.MissingCredentials).ExecuteAsync(Context);

    protected sealed override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        new ApiError(StatusCodes.Status403Forbidden, "not allowed").ExecuteAsync(Context);

    private sealed record Rejection(ApiError Error);
}
