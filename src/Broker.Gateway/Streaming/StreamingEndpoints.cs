using System.Globalization;
using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace Broker.Gateway.Streaming;

/// <summary>The read side of events: <c>GET /sse</c>.</summary>
public static class StreamingEndpoints
{
    public static IEndpointRouteBuilder MapStreamingEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sse", Stream).RequireAuthorization();
        return routes;
    }

    public static IServiceCollection AddStreaming(this IServiceCollection services)
    {
        services.AddSingleton<ITenantLog, OrleansTenantLog>();
        services.AddSingleton<ITenantFeed, OrleansTenantFeed>();
        services.AddSingleton<TenantHubRegistry>();
        services.AddSingleton<StreamingServices>();
        services.AddSingleton<StreamLimits>();
        return services;
    }

    /// <summary>
    /// The header wins over the query parameter: a browser's reconnect sends the header with a newer id while
    /// the URL keeps the id of the first connect.
    /// </summary>
    public static long? LastEventId(string? header, string? query)
    {
        var text = string.IsNullOrWhiteSpace(header) ? query : header;
        return long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;
    }

    private static SseStreamResult Stream(
        HttpContext context,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery) =>
        new(BrokerUser.From(context.User), LastEventId(lastEventIdHeader, lastEventIdQuery));
}
