using System.Reflection;
using Broker.Gateway.Auth;
using Microsoft.AspNetCore.Http.Metadata;

namespace Broker.Gateway.Streaming;

/// <summary>The answer of <c>GET /sse</c>: an event stream that lasts as long as the connection.</summary>
public sealed class SseStreamResult(BrokerUser user, long? lastEventId)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var services = httpContext.RequestServices.GetRequiredService<StreamingServices>();
        if (!httpContext.RequestServices.GetRequiredService<StreamLimits>()
            .TryOpen(user.Username, out var slot, out var refusal))
        {
            await refusal.ExecuteAsync(httpContext);
            return;
        }

        using (slot)
        {
            await new SseConnection(user, services).RunAsync(httpContext, lastEventId);
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status200OK, typeof(string), [SseResponse.ContentType]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status429TooManyRequests, typeof(Http.ErrorBody), ["application/json"]));
    }
}
