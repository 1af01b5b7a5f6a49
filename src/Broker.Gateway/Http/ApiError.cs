using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Broker.Gateway.Http;

/// <summary>
/// A failure answer: a status saying whose fault it is and <c>{"error": "..."}</c>. Handlers return it next to
/// their success type, so the possible statuses show in the signature and in the OpenAPI document.
/// </summary>
public sealed class ApiError
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ErrorBody>, IEndpointMetadataProvider
{
    private static readonly int[] Statuses = [400, 401, 404, 409, 413, 429, 503];

    public ApiError(int statusCode, string message, int retryAfterSeconds = 0)
    {
        StatusCode = statusCode;
        Value = new ErrorBody(message);
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public ErrorBody Value { get; }

    object? IValueHttpResult.Value => Value;

    /// <summary>Sent as <c>Retry-After</c> when positive.</summary>
    public int RetryAfterSeconds { get; }

    public static ApiError BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiError Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message);

    public static ApiError TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);

    public static ApiError Unavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, message);

    /// <summary>The one mapping from a grain's <see cref="Failure"/> to HTTP.</summary>
    public static ApiError From(Failure failure) => failure.Kind switch
    {
        FailureKind.InvalidInput => new(StatusCodes.Status400BadRequest, failure.Message),
        FailureKind.Unauthorized => new(StatusCodes.Status401Unauthorized, failure.Message),
        FailureKind.NotFound => new(StatusCodes.Status404NotFound, failure.Message),
        FailureKind.Conflict => new(StatusCodes.Status409Conflict, failure.Message),
        FailureKind.TooManyAttempts =>
            new(StatusCodes.Status429TooManyRequests, failure.Message, Math.Max(1, failure.RetryAfterSeconds)),
        FailureKind.Unavailable => new(StatusCodes.Status503ServiceUnavailable, failure.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure.Kind, "unknown failure kind"),
    };

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        if (RetryAfterSeconds > 0)
        {
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        if (StatusCode == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        return response.WriteAsJsonAsync(Value, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var status in Statuses)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ErrorBody), ["application/json"]));
        }
    }
}
