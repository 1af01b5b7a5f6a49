namespace Broker.Silo;

/// <summary>
/// Prints <c>Silo ready</c> once every hosted service, the Orleans silo among them, has started: scripts and tests
/// wait for that line.
/// </summary>
public sealed partial class SiloReadyReporter(
    IHostApplicationLifetime lifetime,
    SiloSettings settings,
    ILogger<SiloReadyReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
            LogReady(settings.ClusterId, settings.AdvertisedIp, settings.SiloPort, settings.GatewayPort));
        lifetime.ApplicationStopping.Register(LogStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = (int)SiloLogId.Ready, Level = LogLevel.Information,
        Message = "Silo ready: cluster {ClusterId}, {Address}, silo port {SiloPort}, gateway port {GatewayPort}")]
    private partial void LogReady(string clusterId, System.Net.IPAddress address, int siloPort, int gatewayPort);

    [LoggerMessage(EventId = (int)SiloLogId.Stopping, Level = LogLevel.Information,
        Message = "Silo stopping: leaving the cluster")]
    private partial void LogStopping();
}
