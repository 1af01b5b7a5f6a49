using System.Text.Json.Serialization;
using Broker.Events;
using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Broker.Gateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime.Messaging;

namespace Broker.Gateway.Events;

/// <summary><c>{"id": "&lt;event id&gt;"}</c></summary>
public sealed record InsertedBody([property: JsonPropertyName("id")] string Id);

/// <summary>The write side of events: <c>POST /insert</c>.</summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/insert", Insert).RequireAuthorization();
        return routes;
    }

    /// <summary>
    /// Appends to the caller's tenant log; the 200 comes only once the event is durable. A call that got no answer
    /// in time, or that a silo rejected or lost, may have been stored all the same, and its 503 says so.
    /// </summary>
    private static async Task<Results<Ok<InsertedBody>, ApiError>> Insert(
        Body<InsertRequest> body, HttpContext context, IGrainFactory grains, GatewaySettings settings)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        if (request.Data.Length > settings.MaxEventBytes)
        {
            return ApiError.TooLarge(
                $"event data is {request.Data.Length} bytes as compact JSON; the limit is {settings.MaxEventBytes}");
        }

        var user = BrokerUser.From(context.User);
        Outcome<StoredEvent> stored;
        try
        {
            stored = await grains.GetGrain<ITenantEventsGrain>(user.Tenant)
                .Append(request.Event, request.Data, settings.CallTimeout / 2);
        }
        catch (Exception e) when (ClusterFailures.IsUnavailable(e))
        {
            return ApiError.Unavailable(NeverSent(e) ? InsertFailures.ClusterUnreachable : InsertFailures.MayBeStored);
        }

        return stored.ToResult(e => new InsertedBody(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// True when the call never left this gateway: no connection to the cluster, or the gateway silo or this client
    /// refused it. A rejection that came back from a silo is not among them: the silo may have passed it on.
    /// </summary>
    private static bool NeverSent(Exception exception) => exception is
        ConnectionFailedException or GatewayTooBusyException or ClientNotAvailableException or
        OrleansLifecycleCanceledException;
}
