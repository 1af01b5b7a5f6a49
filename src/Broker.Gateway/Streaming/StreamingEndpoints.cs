using System.Globalization;
using Broker.Gateway.Auth;
using Broker.Gateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>
    /// Opens the caller's stream, unless its JWT has already expired. Token validation allows a few seconds of
    /// clock skew past <c>exp</c>; a stream opened within them would be closed at the hub's next tick and its
    /// client would reconnect in a loop, so it gets the 401 that makes a client log in again.
    /// </summary>
    public static Results<SseStreamResult, ApiError> Stream(
        HttpContext context,
        TimeProvider time,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(time);
        var user = BrokerUser.From(context.User);
        if (user.ExpiresAt <= time.GetUtcNow())
        {
            return ApiError.Unauthorized(BearerAuthenticationHandler.InvalidToken);
        }

        return new SseStreamResult(user, LastEventId(lastEventIdHeader, lastEventIdQuery));
    }
}
