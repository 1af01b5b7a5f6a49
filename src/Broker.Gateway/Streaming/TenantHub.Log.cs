namespace Broker.Gateway.Streaming;

public sealed partial class TenantHub
{
    [LoggerMessage(EventId = (int)StreamingLogEvent.Resubscribing, Level = LogLevel.Warning,
        Message = "The stream subscription of tenant {Tenant} was dropped by the cluster; subscribing again")]
    private static partial void LogResubscribing(ILogger logger, string tenant);

    [LoggerMessage(EventId = (int)StreamingLogEvent.FillingFromLog, Level = LogLevel.Information,
        Message = "Tenant {Tenant}: the stream is behind the log ({LastId} < {Latest}); reading the rest from the log")]
    private static partial void LogFillingFromLog(ILogger logger, string tenant, long lastId, long latest);

    [LoggerMessage(EventId = (int)StreamingLogEvent.GapNotFilled, Level = LogLevel.Warning,
        Message = "Tenant {Tenant}: could not fill ids {LastId} to {NextId} from the log ({ErrorType})")]
    private static partial void LogGapNotFilled(ILogger logger, string tenant, long lastId, long nextId,
        string errorType);

    [LoggerMessage(EventId = (int)StreamingLogEvent.SubscriberTooSlow, Level = LogLevel.Information,
        Message = "Tenant {Tenant}: closing a stream of {Username} that does not keep up")]
    private static partial void LogSubscriberTooSlow(ILogger logger, string tenant, string username);

    [LoggerMessage(EventId = (int)StreamingLogEvent.HubError, Level = LogLevel.Warning,
        Message = "Tenant {Tenant}: the hub failed ({ErrorType}); the next check retries")]
    private static partial void LogHubError(ILogger logger, string tenant, string errorType);

    [LoggerMessage(EventId = (int)StreamingLogEvent.SignedOutByCheck, Level = LogLevel.Information,
        Message = "Tenant {Tenant}: closing {Count} streams of {Username}, whose credentials are no longer valid")]
    private static partial void LogSignedOutByCheck(ILogger logger, string tenant, string username, int count);

    [LoggerMessage(EventId = (int)StreamingLogEvent.CredentialCheckFailed, Level = LogLevel.Warning,
        Message = "Tenant {Tenant}: could not check the credentials of {Count} users ({ErrorType}); their streams " +
            "stay open until a check succeeds")]
    private static partial void LogCredentialCheckFailed(ILogger logger, string tenant, int count, string errorType);

    [LoggerMessage(EventId = (int)StreamingLogEvent.UnsubscribeFailed, Level = LogLevel.Information,
        Message = "Tenant {Tenant}: unsubscribing failed; the cluster drops the subscription itself")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string tenant, Exception error);
}

/// <summary>Event ids of the streaming area's log lines.</summary>
internal enum StreamingLogEvent
{
    Resubscribing = 5000,
    FillingFromLog = 5001,
    GapNotFilled = 5002,
    SubscriberTooSlow = 5003,
    HubError = 5004,
    UnsubscribeFailed = 5005,
    HubStarted = 5006,
    HubStopped = 5007,
    SignedOutByCheck = 5008,
    CredentialCheckFailed = 5009,
    StreamOpened = 5010,
    StreamClosed = 5011,
    StreamClosedByGateway = 5014,
    StreamFailed = 5012,
    MissingFromLog = 5013,
    UserAtStreamLimit = 5020,
    GatewayAtStreamLimit = 5021,
}
