using Broker.Gateway.Http;
using Microsoft.AspNetCore.Http;

namespace Broker.Gateway.Tests.Http;

public sealed class ApiErrorTests
{
    [Theory]
    [InlineData(FailureKind.InvalidInput, 400)]
    [InlineData(FailureKind.Unauthorized, 401)]
    [InlineData(FailureKind.NotFound, 404)]
    [InlineData(FailureKind.Conflict, 409)]
    [InlineData(FailureKind.TooManyAttempts, 429)]
    [InlineData(FailureKind.Unavailable, 503)]
    public void From_MapsEachFailureKind_ToItsStatus(FailureKind kind, int status)
    {
        var error = ApiError.From(new Failure(kind, "what is wrong"));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("what is wrong", error.Value.Error);
    }

    [Fact]
    public async Task TooManyAttempts_IsA429_WithRetryAfter()
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;

        await ApiError.From(new Failure(FailureKind.TooManyAttempts, "slow down", 8)).ExecuteAsync(context);

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("8", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("{\"error\":\"slow down\"}", System.Text.Encoding.UTF8.GetString(body.ToArray()));
        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyAttempts_WithoutADelay_StillTellsTheClientToWait()
    {
        Assert.Equal(1, ApiError.From(new Failure(FailureKind.TooManyAttempts, "slow down")).RetryAfterSeconds);
    }
}
