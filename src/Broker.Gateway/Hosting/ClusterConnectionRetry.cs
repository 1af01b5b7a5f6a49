using Broker.Gateway.Configuration;

namespace Broker.Gateway.Hosting;

/// <summary>
/// Keeps trying to reach a silo while the gateway starts (it does not listen until one answers), saying so in
/// the log each time, so that a gateway started before its silos is visibly waiting rather than hung.
/// </summary>
public sealed partial class ClusterConnectionRetry(
    GatewaySettings settings,
    TimeProvider time,
    ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var attempt = Interlocked.Increment(ref _attempts);
        var delay = TimeSpan.FromSeconds(Math.Min(attempt, 5));
        LogWaiting(logger, settings.ClusterId, attempt, exception.GetType().Name, delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = (int)HostingLogEvent.WaitingForCluster, Level = LogLevel.Warning,
        Message = "No silo of cluster {ClusterId} answers yet (attempt {Attempt}, {ErrorType}); " +
            "retrying in {DelaySeconds} s. The gateway listens once a silo is up")]
    private static partial void LogWaiting(ILogger logger, string clusterId, int attempt, string errorType,
        double delaySeconds);
}
