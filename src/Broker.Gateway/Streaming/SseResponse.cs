using Microsoft.AspNetCore.Http.Features;

namespace Broker.Gateway.Streaming;

/// <summary>The response head of an event stream.</summary>
public static class SseResponse
{
    public const string ContentType = "text/event-stream";

    public static void Start(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";

        // Tells nginx-style proxies not to hold frames back.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }
}
