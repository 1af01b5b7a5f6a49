using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broker.Gateway.Health;

/// <summary><c>{"status": "ok"}</c></summary>
public sealed record HealthBody([property: JsonPropertyName("status")] string Status);

/// <summary>
/// <c>GET</c> and <c>HEAD /</c>: the gateway is up and serving (the original's health check).
/// <c>/healthz/live</c>: the process answers, for a liveness probe. <c>/healthz/ready</c>: connected to the cluster
/// and not draining, for a readiness probe (200 <c>Healthy</c>, or 503 <c>Unhealthy</c>).
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz/live";

    public const string ReadyPath = "/healthz/ready";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddBrokerHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<ClusterConnectionStatus>();
        services.AddSingleton<IClusterConnectionStatusObserver>(
            provider => provider.GetRequiredService<ClusterConnectionStatus>());
        services.AddHealthChecks().AddCheck<ReadinessCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], Health);
        routes.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks(ReadyPath,
            new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return routes;
    }

    private static Ok<HealthBody> Health() => TypedResults.Ok(new HealthBody("ok"));
}
