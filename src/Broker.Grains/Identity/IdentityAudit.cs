namespace Broker.Identity;

/// <summary>
/// The security record of identity changes, under its own log category (<see cref="Category"/>) so that an
/// operator can route it apart from operational noise: lockouts, revocations, credential changes and reset
/// codes. Each line names the user and what happened; never a password, code, secret or hash.
/// </summary>
public sealed partial class IdentityAudit(ILoggerFactory loggers)
{
    /// <summary>The log category of every audit line.</summary>
    public const string Category = "Broker.Audit";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    [LoggerMessage(EventId = (int)IdentityLogId.LockedOut, Level = LogLevel.Warning,
        Message = "User {Username} locked out for {Seconds} s after {Failures} failed attempts")]
    public partial void LockedOut(string username, int seconds, int failures);

    [LoggerMessage(EventId = (int)IdentityLogId.RevocationChanged, Level = LogLevel.Information,
        Message = "User {Username} revoked: {Revoked}")]
    public partial void RevocationChanged(string username, bool revoked);

    [LoggerMessage(EventId = (int)IdentityLogId.CredentialsChanged, Level = LogLevel.Information,
        Message = "Credentials of user {Username} changed; older logins stop working")]
    public partial void CredentialsChanged(string username);

    [LoggerMessage(EventId = (int)IdentityLogId.ResetCodeIssued, Level = LogLevel.Information,
        Message = "Issued a password reset code for user {Username}")]
    public partial void ResetCodeIssued(string username);
}
