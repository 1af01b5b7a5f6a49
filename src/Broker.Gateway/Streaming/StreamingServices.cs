using Broker.Gateway.Configuration;

namespace Broker.Gateway.Streaming;

/// <summary>What every <c>/sse</c> connection shares.</summary>
public sealed class StreamingServices(
    ITenantLog log,
    TenantHubRegistry hubs,
    TimeProvider time,
    GatewaySettings settings,
    IHostApplicationLifetime lifetime,
    ILogger<SseConnection> logger)
{
    public ITenantLog Log => log;

    public TenantHubRegistry Hubs => hubs;

    public TimeProvider Time => time;

    /// <summary>
    /// Fires when the gateway begins to shut down. Each stream then ends after its own <see cref="NextDrainDelay"/>,
    /// and the server, which stops accepting connections meanwhile, waits for them before the process exits.
    /// </summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>
    /// A random moment within <see cref="GatewaySettings.DrainDuration"/>: streams closed at spread-out moments
    /// bring their clients back to the other gateways spread out too, not as one burst.
    /// </summary>
    public TimeSpan NextDrainDelay() => settings.DrainDuration * Random.Shared.NextDouble();

    public ILogger Logger => logger;
}
