using System.Text;
using Broker.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Gateway.Tests.Http;

public sealed class ErrorHandlingMiddlewareTests
{
    private static async Task<(int Status, string Body)> AnswerTo(Exception exception)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        var middleware = new ErrorHandlingMiddleware(_ => throw exception,
            NullLogger<ErrorHandlingMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task UnreachableStorage_IsA503()
    {
        Assert.Equal((503, "{\"error\":\"storage is unavailable; try again shortly\"}"),
            await AnswerTo(new StorageUnavailableException("table service timed out")));
    }

    [Fact]
    public async Task AnUnreachableCluster_IsA503()
    {
        Assert.Equal((503, "{\"error\":\"no answer in time from the cluster or its storage; try again shortly\"}"),
            await AnswerTo(new TimeoutException("response did not arrive")));
        Assert.Equal((503, "{\"error\":\"the cluster is unavailable; try again shortly\"}"),
            await AnswerTo(new Orleans.Runtime.SiloUnavailableException("silo is gone")));
    }

    [Fact]
    public async Task AnythingElse_IsA500_ThatSaysNothingAboutInternals()
    {
        Assert.Equal((500, "{\"error\":\"internal error\"}"),
            await AnswerTo(new InvalidOperationException("secret internal detail")));
    }

    [Fact]
    public async Task ABodyOverKestrelsLimit_IsA413()
    {
        Assert.Equal((413, "{\"error\":\"request body is too large\"}"),
            await AnswerTo(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge)));
    }
}
