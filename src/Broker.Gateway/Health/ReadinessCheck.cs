using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broker.Gateway.Health;

/// <summary>
/// Ready means worth sending clients to: connected to at least one silo, and not shutting down. A draining
/// gateway reports itself unready at once, so that a load balancer stops sending it new clients while its open
/// streams are being closed.
/// </summary>
public sealed class ReadinessCheck(ClusterConnectionStatus cluster, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the gateway is shutting down"));
        }

        return Task.FromResult(cluster.IsConnected
            ? HealthCheckResult.Healthy($"connected to {cluster.ConnectedSilos?.ToString() ?? "the"} silo(s)")
            : HealthCheckResult.Unhealthy("no silo of the cluster is reachable"));
    }
}
