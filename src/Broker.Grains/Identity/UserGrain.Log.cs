namespace Broker.Identity;

/// <summary>Log messages of the user grain. They name the user, never a password, code, secret or hash.</summary>
public sealed partial class UserGrain
{
    [LoggerMessage(EventId = (int)IdentityLogId.Created, Level = LogLevel.Information,
        Message = "Created user {Username} in tenant {Tenant}")]
    private partial void LogCreated(string username, string tenant);

    [LoggerMessage(EventId = (int)IdentityLogId.CredentialsChanged, Level = LogLevel.Information,
        Message = "Credentials of user {Username} changed; older logins stop working")]
    private partial void LogCredentialsChanged(string username);

    [LoggerMessage(EventId = (int)IdentityLogId.RevocationChanged, Level = LogLevel.Information,
        Message = "User {Username} revoked: {Revoked}")]
    private partial void LogRevocationChanged(string username, bool revoked);

    [LoggerMessage(EventId = (int)IdentityLogId.ResetCodeIssued, Level = LogLevel.Information,
        Message = "Issued a password reset code for user {Username}")]
    private partial void LogResetCodeIssued(string username);

    [LoggerMessage(EventId = (int)IdentityLogId.LockedOut, Level = LogLevel.Warning,
        Message = "User {Username} locked out for {Seconds} s after {Failures} failed attempts")]
    private partial void LogLockedOut(string username, int failures, int seconds);

    [LoggerMessage(EventId = (int)IdentityLogId.SignOutFailed, Level = LogLevel.Warning,
        Message = "Could not tell tenant {Tenant} to close the streams of user {Username}")]
    private partial void LogSignOutFailed(Exception exception, string username, string tenant);

    [LoggerMessage(EventId = (int)IdentityLogId.StorageFailed, Level = LogLevel.Warning,
        Message = "Storage did not take the state of user {Username}")]
    private partial void LogStorageFailed(Exception exception, string username);
}
