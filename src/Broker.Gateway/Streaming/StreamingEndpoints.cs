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
        routes.MapGet("/sse", Stream);
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
    /// Checks the caller's credentials here rather than through the authorization middleware, whose principal,
    /// tickets, handlers and services would otherwise stay referenced by the request for as long as the stream is
    /// open: about 3 KB for each idle stream. The answers are those of every other user endpoint.
    /// </summary>
    public static async Task<Results<SseStreamResult, ApiError>> Stream(
        HttpContext context,
        UserCredentials credentials,
        TimeProvider time,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(credentials);
        var check = await credentials.CheckAsync(context.Request.Headers.Authorization.ToString());
        return Open(check, time, LastEventId(lastEventIdHeader, lastEventIdQuery));
    }

    /// <summary>
    /// Opens the stream of an accepted caller, unless its JWT has already expired. Token validation allows a few
    /// seconds of clock skew past <c>exp</c>; a stream opened within them would be closed at the hub's next tick and
    /// its client would reconnect in a loop, so it gets the 401 that makes a client log in again.
    /// </summary>
    public static Results<SseStreamResult, ApiError> Open(CredentialCheck check, TimeProvider time, long? lastEventId)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(time);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        if (check.Ticket is not { } ticket)
        {
            return UserCredentials.MissingCredentials;
        }

        if (check.ExpiresAt <= time.GetUtcNow())
        {
            return ApiError.Unauthorized(UserCredentials.InvalidToken);
        }

        var user = new BrokerUser(ticket.Username, ticket.TenantName, ticket.Scopes, ticket.Stamp, check.ExpiresAt);
        return new SseStreamResult(user, lastEventId);
    }
}
