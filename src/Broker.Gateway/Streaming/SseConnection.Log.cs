namespace Broker.Gateway.Streaming;

public sealed partial class SseConnection
{
    [LoggerMessage(EventId = (int)StreamingLogEvent.StreamOpened, Level = LogLevel.Information,
        Message = "Stream opened for {Username} in tenant {Tenant} (last event id {LastEventId}, replay {Replay})")]
    private static partial void LogOpened(ILogger logger, string username, string tenant, long lastEventId,
        bool replay);

    [LoggerMessage(EventId = (int)StreamingLogEvent.StreamClosed, Level = LogLevel.Information,
        Message = "Stream of {Username} in tenant {Tenant} ended at id {LastSentId}")]
    private static partial void LogEnded(ILogger logger, string username, string tenant, long lastSentId);

    [LoggerMessage(EventId = (int)StreamingLogEvent.StreamClosedByGateway, Level = LogLevel.Information,
        Message = "Stream of {Username} in tenant {Tenant} closed by the gateway ({Reason}) at id {LastSentId}")]
    private static partial void LogClosedByGateway(ILogger logger, string username, string tenant, CloseReason reason,
        long lastSentId);

    [LoggerMessage(EventId = (int)StreamingLogEvent.StreamFailed, Level = LogLevel.Warning,
        Message = "Stream of {Username} in tenant {Tenant} ended: the cluster is unavailable ({ErrorType})")]
    private static partial void LogFailed(ILogger logger, string username, string tenant, string errorType);

    [LoggerMessage(EventId = (int)StreamingLogEvent.MissingFromLog, Level = LogLevel.Warning,
        Message = "Tenant {Tenant}: the log has no events after {AfterId} although ids up to {UpTo} were announced")]
    private static partial void LogMissingFromLog(ILogger logger, string tenant, long afterId, long upTo);
}
