using System.Text;
using Broker.Gateway.Auth;
using Broker.Gateway.Http;
using Broker.Gateway.Streaming;
using Broker.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Streaming;

public sealed class StreamingEndpointsTests
{
    private readonly FakeTimeProvider _time = new();

    private static CredentialCheck CallerWith(DateTimeOffset? expiresAt) => CredentialCheck.Accepted(
        new UserTicket("bob", "acme", "stamp-1", Revoked: false, TwoFactor: false, Scopes: []), expiresAt);

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
        var caller = CallerWith(_time.GetUtcNow() - TimeSpan.FromSeconds(secondsAgo));

        var result = StreamingEndpoints.Open(caller, _time, null).Result;

        Assert.Equal((401, "{\"error\":\"invalid or expired token\"}"), await AnswerOf(result));
    }

    [Fact]
    public void Sse_WithAJwtStillValid_OpensTheStream()
    {
        var caller = CallerWith(_time.GetUtcNow() + TimeSpan.FromSeconds(1));

        Assert.IsType<SseStreamResult>(StreamingEndpoints.Open(caller, _time, null).Result);
    }

    [Fact]
    public void Sse_WithBasicCredentials_WhichDoNotExpire_OpensTheStream()
    {
        Assert.IsType<SseStreamResult>(StreamingEndpoints.Open(CallerWith(null), _time, null).Result);
    }

    [Fact]
    public async Task Sse_WithoutCredentials_IsA401SayingWhatToSend()
    {
        var result = StreamingEndpoints.Open(CredentialCheck.Absent, _time, null).Result;

        Assert.Equal((401, "{\"error\":\"missing credentials: send Authorization: Bearer <jwt> or Basic " +
            "<base64(username:password)>\"}"), await AnswerOf(result));
    }

    [Fact]
    public async Task Sse_WithRefusedCredentials_AnswersTheRefusal()
    {
        var refused = CredentialCheck.Refused(new ApiError(429, "too many attempts", 8));

        var result = StreamingEndpoints.Open(refused, _time, null).Result;

        Assert.Equal((429, "{\"error\":\"too many attempts\"}"), await AnswerOf(result));
    }
}
