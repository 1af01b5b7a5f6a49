using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broker.Gateway.Health;

/// <summary><c>{"status": "ok"}</c></summary>
public sealed record HealthBody([property: JsonPropertyName("status")] string Status);

/// <summary><c>GET</c> and <c>HEAD /</c>: the gateway is up and serving.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], Health);
        return routes;
    }

    private static Ok<HealthBody> Health() => TypedResults.Ok(new HealthBody("ok"));
}
