using Broker.Gateway.Http;
using Broker.Gateway.Identity;
using Broker.Identity;

namespace Broker.Gateway.Auth;

/// <summary>What a request's credentials came to: a user's ticket, a refusal, or no credentials at all.</summary>
/// <param name="ExpiresAt">When the accepted JWT expires; null for Basic.</param>
public sealed record CredentialCheck(UserTicket? Ticket, DateTimeOffset? ExpiresAt, ApiError? Refusal)
{
    /// <summary>The request carried no Authorization header.</summary>
    public static CredentialCheck Absent { get; } = new(null, null, null);

    public static CredentialCheck Accepted(UserTicket ticket, DateTimeOffset? expiresAt) =>
        new(ticket, expiresAt, null);

    public static CredentialCheck Refused(ApiError refusal) => new(null, null, refusal);
}

/// <summary>
/// Checks an <c>Authorization</c> header, Bearer or Basic by its scheme, and logs each refusal. The authentication
/// handlers of the user endpoints call it, and so does <c>GET /sse</c> directly: a stream then keeps no principal,
/// ticket, handler or authorization service alive for as long as it stays open, only the caller it found.
/// </summary>
public sealed partial class UserCredentials(
    JwtKeyring keyring, BasicCredentialCache cache, IGrainFactory grains, ILoggerFactory loggers)
{
    /// <summary>The category of the refusal lines.</summary>
    public const string LogCategory = "Broker.Gateway.Auth.Credentials";

    /// <summary>The answer to a token that is malformed, forged or expired; which one is not told.</summary>
    public const string InvalidToken = "invalid or expired token";

    /// <summary>The answer to a request of a user endpoint without credentials.</summary>
    public static readonly ApiError MissingCredentials = ApiError.Unauthorized(
        "missing credentials: send Authorization: Bearer <jwt> or Basic <base64(username:password)>");

    private static readonly ApiError WrongCredentials = ApiError.Unauthorized("invalid username or password");

    private readonly ILogger _log = loggers.CreateLogger(LogCategory);

    /// <summary>Basic for a header that names it; Bearer for any other, an empty one included.</summary>
    public static string SchemeOf(string header) =>
        AuthorizationHeader.HasScheme(header, AuthorizationHeader.BasicScheme)
            ? AuthorizationHeader.BasicScheme
            : AuthorizationHeader.BearerScheme;

    /// <summary>Checks the header under the scheme it names.</summary>
    /// <param name="header">The Authorization header, empty when absent.</param>
    public Task<CredentialCheck> CheckAsync(string header) => CheckAsync(SchemeOf(header), header);

    /// <summary>
    /// Checks the header as <paramref name="scheme"/>. An unreachable cluster is a refusal with a 503, not a failed
    /// login.
    /// </summary>
    public async Task<CredentialCheck> CheckAsync(string scheme, string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        CredentialCheck check;
        try
        {
            check = scheme == AuthorizationHeader.BasicScheme
                ? await CheckBasicAsync(header)
                : await CheckBearerAsync(header);
        }
        catch (Exception e) when (ClusterFailures.IsUnavailable(e))
        {
            LogClusterUnavailable(_log, scheme, e.GetType().Name);
            check = CredentialCheck.Refused(ClusterFailures.ToError(e));
        }

        if (check.Refusal is { } refusal)
        {
            LogRejected(_log, scheme, refusal.StatusCode, refusal.Value.Error);
        }

        return check;
    }

    /// <summary>
    /// A valid HS256 token from us, whose stamp is still the user's current one (so a password change, revocation
    /// or tenant move voids every older token at once).
    /// </summary>
    private async Task<CredentialCheck> CheckBearerAsync(string header)
    {
        if (header.Length == 0)
        {
            return CredentialCheck.Absent;
        }

        if (!AuthorizationHeader.HasScheme(header, AuthorizationHeader.BearerScheme))
        {
            return CredentialCheck.Refused(
                ApiError.Unauthorized("unsupported authorization scheme: use Bearer or Basic"));
        }

        var token = AuthorizationHeader.Parameter(header, AuthorizationHeader.BearerScheme);
        if (await keyring.Tokens.ValidateAsync(token) is not { } claims)
        {
            return CredentialCheck.Refused(ApiError.Unauthorized(InvalidToken));
        }

        var ticket = await grains.GetGrain<IUserGrain>(claims.Username).GetTicket();
        if (ticket is null)
        {
            return CredentialCheck.Refused(ApiError.Unauthorized("the token's user no longer exists"));
        }

        if (ticket.Revoked)
        {
            return CredentialCheck.Refused(ApiError.Unauthorized("user is revoked"));
        }

        return ticket.Stamp != claims.Stamp
            ? CredentialCheck.Refused(ApiError.Unauthorized("token is no longer valid: log in again"))
            : CredentialCheck.Accepted(ticket, claims.ExpiresAt);
    }

    /// <summary>
    /// A repeat of credentials already verified under the user's current stamp costs one in-memory grain call;
    /// anything else goes to the user grain's bcrypt check, which also counts failures and enforces revocation and
    /// the two-factor rule.
    /// </summary>
    private async Task<CredentialCheck> CheckBasicAsync(string header)
    {
        if (!AuthorizationHeader.TryParseBasic(header, out var credentials))
        {
            return CredentialCheck.Refused(
                ApiError.Unauthorized("malformed Basic credentials: expected base64(username:password)"));
        }

        if (Names.Check(credentials.Username, "username") is not null)
        {
            return CredentialCheck.Refused(WrongCredentials);
        }

        // An unknown username is wrong credentials like any other: a 401, as every user endpoint answers a
        // refused login (a 404 would read as a missing endpoint).
        var user = grains.GetGrain<IUserGrain>(credentials.Username);
        var ticket = await user.GetTicket();
        if (ticket is null)
        {
            return CredentialCheck.Refused(WrongCredentials);
        }

        var key = cache.KeyOf(credentials);
        if (ticket is { Revoked: false, TwoFactor: false } && cache.IsVerified(key, ticket.Stamp))
        {
            return CredentialCheck.Accepted(ticket, null);
        }

        var checkedTicket = await user.CheckPassword(credentials.Password);
        if (checkedTicket is not { Succeeded: true, Value: { } verified })
        {
            var failure = checkedTicket.Failure!;
            return CredentialCheck.Refused(
                failure.Kind == FailureKind.NotFound ? WrongCredentials : ApiError.From(failure));
        }

        cache.Remember(key, verified.Stamp);
        return CredentialCheck.Accepted(verified, null);
    }

    [LoggerMessage(EventId = (int)AuthLogEvent.Rejected, Level = LogLevel.Information,
        Message = "{Scheme} credentials refused with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string scheme, int status, string reason);

    [LoggerMessage(EventId = (int)AuthLogEvent.ClusterUnavailable, Level = LogLevel.Warning,
        Message = "{Scheme} credentials could not be checked: {ErrorType}")]
    private static partial void LogClusterUnavailable(ILogger logger, string scheme, string errorType);
}
