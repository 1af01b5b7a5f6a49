using System.Diagnostics;
using System.Net.Http.Headers;

namespace Broker.Cluster.Tests.Nodes;

/// <summary>One <c>/sse</c> stream read in the background, noting its frames and the moment it ended.</summary>
public sealed class WatchedStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<long> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Frame> _frames = [];
    private readonly Task _read;

    private WatchedStream(string name, HttpResponseMessage response)
    {
        Name = name;
        _response = response;
        _read = Task.Run(ReadAsync);
    }

    public string Name { get; }

    public IReadOnlyList<Frame> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>Opens the stream and asserts that it started (200).</summary>
    public static async Task<WatchedStream> OpenAsync(string name, GatewayApi gateway, AuthenticationHeaderValue auth)
    {
        using var timeout = new CancellationTokenSource(GatewayApi.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse");
        request.Headers.Authorization = auth;
        var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            response.Dispose();
            Assert.Fail($"{name}: /sse answered {(int)response.StatusCode}: {body}");
        }

        return new WatchedStream(name, response);
    }

    /// <summary>Waits for a frame with <paramref name="id"/> or later.</summary>
    public Task WaitForIdAsync(long id) =>
        Eventually.True(() => Task.FromResult(Frames.Any(frame => frame.Id >= id)), $"{Name} to receive event {id}");

    /// <summary>Waits for the server to end the stream; returns when it ended, as a Stopwatch timestamp.</summary>
    public Task<long> EndedAsync(TimeSpan timeout) => _ended.Task.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _read;
        _response.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            var parser = new SseFrames();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, _stop.Token)) > 0)
            {
                var frames = parser.Add(buffer.AsSpan(0, read));
                lock (_frames)
                {
                    _frames.AddRange(frames);
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // Ended by a reset rather than a clean end of the body, or by the test itself.
        }

        _ended.TrySetResult(Stopwatch.GetTimestamp());
    }
}
