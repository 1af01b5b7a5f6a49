using System.Text;
using Broker.Gateway.Auth;
using Broker.Gateway.Http;
using Broker.Gateway.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Streaming;

public sealed class StreamingEndpointsTests
{
    private readonly FakeTimeProvider _time = new();

    private static DefaultHttpContext CallerWith(DateTimeOffset? expiresAt) => new()
    {
        User = BrokerClaims.Principal(AuthorizationHeader.BearerScheme, "bob", "acme", [], "stamp-1", expiresAt),
    };

    private static async Task<(int Status, string Body)> AnswerOf(IResult result)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Sse_WithAJwtThatExpiredWithinTheClockSkew_IsA401WithAJsonError(int secondsAgo)
    {
        var context = CallerWith(_time.GetUtcNow() - TimeSpan.FromSeconds(secondsAgo));

        var result = StreamingEndpoints.Stream(context, _time, null, null).Result;

        Assert.Equal((401, "{\"error\":\"invalid or expired token\"}"), await AnswerOf(result));
    }

    [Fact]
    public void Sse_WithAJwtStillValid_OpensTheStream()
    {
        var context = CallerWith(_time.GetUtcNow() + TimeSpan.FromSeconds(1));

        Assert.IsType<SseStreamResult>(StreamingEndpoints.Stream(context, _time, null, null).Result);
    }

    [Fact]
    public void Sse_WithBasicCredentials_WhichDoNotExpire_OpensTheStream()
    {
        Assert.IsType<SseStreamResult>(StreamingEndpoints.Stream(CallerWith(null), _time, null, null).Result);
    }
}
