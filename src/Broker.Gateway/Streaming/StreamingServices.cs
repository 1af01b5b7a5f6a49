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

    public TimeSpan HeartbeatInterval => settings.HeartbeatInterval;

    /// <summary>Ends every stream when the gateway shuts down, so that shutdown does not wait on them.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    public ILogger Logger => logger;
}
