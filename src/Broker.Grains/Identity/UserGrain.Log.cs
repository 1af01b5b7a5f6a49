namespace Broker.Identity;

/// <summary>
/// Operational log messages of the user grain; security events go to <see cref="IdentityAudit"/>. They name the
/// user, never a password, code, secret or hash.
/// </summary>
public sealed partial class UserGrain
{
    [LoggerMessage(EventId = (int)IdentityLogId.Created, Level = LogLevel.Information,
        Message = "Created user {Username} in tenant {Tenant}")]
    private partial void LogCreated(string username, string tenant);

    [LoggerMessage(EventId = (int)IdentityLogId.SignOutFailed, Level = LogLevel.Warning,
        Message = "Could not tell tenant {Tenant} to close the streams of user {Username}")]
    private partial void LogSignOutFailed(Exception exception, string username, string tenant);

    [LoggerMessage(EventId = (int)IdentityLogId.StorageFailed, Level = LogLevel.Warning,
        Message = "Storage did not take the state of user {Username}")]
    private partial void LogStorageFailed(Exception exception, string username);
}
