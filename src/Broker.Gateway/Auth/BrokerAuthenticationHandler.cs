using System.Text.Encodings.Web;
using Broker.Gateway.Http;
using Broker.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Broker.Gateway.Auth;

/// <summary>
/// What Bearer and Basic share: a refusal is remembered on the request and written by the challenge as
/// <c>{"error": ...}</c> with its status (401, or 429/503 passed through from the user grain), and the
/// cluster being down is a 503 rather than a failed login.
/// </summary>
public abstract partial class BrokerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The category of our own authentication lines; the base class logs under the handler's type.</summary>
    public const string LogCategory = "Broker.Gateway.Auth.Credentials";

    private static readonly ApiError MissingCredentials = ApiError.Unauthorized(
        "missing credentials: send Authorization: Bearer <jwt> or Basic <base64(username:password)>");

    private readonly ILogger _log = logger.CreateLogger(LogCategory);

    protected sealed override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        try
        {
            return await AuthenticateCoreAsync(Request.Headers.Authorization.ToString());
        }
        catch (Exception e) when (ClusterFailures.IsUnavailable(e))
        {
            LogClusterUnavailable(_log, Scheme.Name, e.GetType().Name);
            return Reject(ClusterFailures.ToError(e));
        }
    }

    /// <param name="header">The Authorization header, empty when absent.</param>
    protected abstract Task<AuthenticateResult> AuthenticateCoreAsync(string header);

    protected AuthenticateResult Reject(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Context.Features.Set(new Rejection(error));
        LogRejected(_log, Scheme.Name, error.StatusCode, error.Value.Error);
        return AuthenticateResult.Fail(error.Value.Error);
    }

    protected AuthenticateResult Accept(UserTicket ticket, DateTimeOffset? expiresAt)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return AuthenticateResult.Success(new AuthenticationTicket(
            BrokerClaims.Principal(Scheme.Name, ticket.Username, ticket.TenantName, ticket.Scopes, ticket.Stamp,
                expiresAt),
            Scheme.Name));
    }

    protected sealed override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        (Context.Features.Get<Rejection>()?.Error ?? MissingCredentials).ExecuteAsync(Context);

    protected sealed override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        new ApiError(StatusCodes.Status403Forbidden, "not allowed").ExecuteAsync(Context);

    [LoggerMessage(EventId = (int)AuthLogEvent.Rejected, Level = LogLevel.Information,
        Message = "{Scheme} credentials refused with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string scheme, int status, string reason);

    [LoggerMessage(EventId = (int)AuthLogEvent.ClusterUnavailable, Level = LogLevel.Warning,
        Message = "{Scheme} credentials could not be checked: {ErrorType}")]
    private static partial void LogClusterUnavailable(ILogger logger, string scheme, string errorType);

    private sealed record Rejection(ApiError Error);
}
