namespace Broker.Gateway.Http;

/// <summary>JSON bodies for the statuses routing answers by itself: unknown path and wrong method.</summary>
public static class StatusCodeBodies
{
    public static IApplicationBuilder UseJsonStatusCodeBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var message = status switch
            {
                StatusCodes.Status404NotFound => $"no such endpoint: {http.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"method {http.Request.Method} is not allowed here",
                _ => null,
            };
            return message is null ? Task.CompletedTask : new ApiError(status, message).ExecuteAsync(http);
        });
}
