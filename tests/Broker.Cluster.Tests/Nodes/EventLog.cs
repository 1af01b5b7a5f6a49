using System.Net.Http.Headers;

namespace Broker.Cluster.Tests.Nodes;

/// <summary>Reads a tenant's event log as a client can: a stream that resumes after an id replays the log.</summary>
public static class EventLog
{
    /// <summary>Every event after <paramref name="afterId"/> up to and including <paramref name="upToId"/>.</summary>
    public static async Task<IReadOnlyList<Frame>> ReadAsync(GatewayApi gateway, AuthenticationHeaderValue auth,
        long afterId, long upToId)
    {
        using var timeout = new CancellationTokenSource(GatewayApi.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse");
        request.Headers.Authorization = auth;
        request.Headers.Add("Last-Event-ID", afterId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead,
            timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var parser = new SseFrames();
        var frames = new List<Frame>();
        var buffer = new byte[64 * 1024];
        while (frames.Count == 0 || frames[^1].Id < upToId)
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"The replay ended at id {frames.LastOrDefault()?.Id} before {upToId}.");
            frames.AddRange(parser.Add(buffer.AsSpan(0, read)));
        }

        return frames;
    }
}
