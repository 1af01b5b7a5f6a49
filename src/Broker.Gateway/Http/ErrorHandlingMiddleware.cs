namespace Broker.Gateway.Http;

/// <summary>
/// The last line of defence: an unavailable cluster or storage is a 503, a malformed HTTP request keeps its
/// status, and anything else is a 500 that says nothing about internals. Every answer is <c>{"error": ...}</c>.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e) when (ClusterFailures.IsUnavailable(e))
        {
            LogUnavailable(logger, context.Request.Method, context.Request.Path, e.GetType().Name);
            await AnswerAsync(context, ClusterFailures.ToError(e));
        }
        catch (BadHttpRequestException e)
        {
            var error = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiError.TooLarge("request body is too large")
                : new ApiError(e.StatusCode, "malformed HTTP request");
            await AnswerAsync(context, error);
        }
        catch (Exception e)
        {
            LogFault(logger, context.Request.Method, context.Request.Path, e);
            await AnswerAsync(context, new ApiError(StatusCodes.Status500InternalServerError, "internal error"));
        }
    }

    private static async Task AnswerAsync(HttpContext context, ApiError error)
    {
        if (context.Response.HasStarted)
        {
            // Half a response cannot be turned into an error: end the connection so the client sees it fail.
            context.Abort();
            return;
        }

        context.Response.Clear();
        await error.ExecuteAsync(context);
    }

    [LoggerMessage(EventId = (int)HttpLogEvent.Unavailable, Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503: {ErrorType}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string errorType);

    [LoggerMessage(EventId = (int)HttpLogEvent.Fault, Level = LogLevel.Error,
        Message = "{Method} {Path} failed")]
    private static partial void LogFault(ILogger logger, string method, string path, Exception exception);
}

/// <summary>Event ids of the HTTP edge's log lines.</summary>
internal enum HttpLogEvent
{
    Unavailable = 1100,
    Fault = 1101,
}
