namespace Broker.EndToEnd.Streaming;

/// <summary>
/// Reads <c>/sse</c> as raw bytes, as <c>broker-client</c> does: frames end at a blank line (<c>\n\n</c>), and a
/// keep-alive is the two bytes <c>:\n</c>. Anything else on the wire fails the test.
/// </summary>
public sealed class SseStream : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[16 * 1024];

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _body = body;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Keep-alive comments read so far.</summary>
    public int Heartbeats { get; private set; }

    /// <summary>Every byte read so far, in order, keep-alives included.</summary>
    public List<byte> Received { get; } = [];

    /// <summary>Sends the request and asserts a 200 event stream; the body is then read frame by frame.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient http, HttpRequestMessage request)
    {
        using var cts = new CancellationTokenSource(DefaultTimeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            response.Dispose();
            Assert.Fail($"/sse answered {(int)response.StatusCode}: {body}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        return new SseStream(response, stream);
    }

    /// <summary>The next event frame; keep-alives before it are counted and skipped.</summary>
    public async Task<SseFrame> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var frame = await ReadFrameAsync("an event frame", cts.Token);
        return frame ?? throw new InvalidOperationException(
            $"The stream ended while an event frame was expected; it had sent: {Show()}");
    }

    /// <summary>The next <paramref name="count"/> event frames.</summary>
    public async Task<IReadOnlyList<SseFrame>> NextAsync(int count, TimeSpan? timeout = null)
    {
        var frames = new List<SseFrame>();
        for (var i = 0; i < count; i++)
        {
            frames.Add(await NextAsync(timeout));
        }

        return frames;
    }

    /// <summary>Waits until at least <paramref name="count"/> keep-alives arrived; fails on an event frame.</summary>
    public async Task WaitForHeartbeatsAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (Heartbeats < count)
        {
            ConsumeHeartbeats();
            if (Heartbeats >= count)
            {
                return;
            }

            if (_pending.Count >= 2 && !(_pending[0] == ':' && _pending[1] == '\n'))
            {
                Assert.Fail($"Expected a keep-alive, got: {Show()}");
            }

            if (!await ReadMoreAsync("a keep-alive", cts.Token))
            {
                Assert.Fail($"The stream ended while a keep-alive was expected: {Show()}");
            }
        }
    }

    /// <summary>Waits for the server to end the stream; an event frame before the end fails the test.</summary>
    public async Task WaitForEndAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            var frame = await ReadFrameAsync("the end of the stream", cts.Token);
            if (frame is not null)
            {
                Assert.Fail($"Expected the stream to end, got a frame: {frame.Text}");
            }
        }
        catch (HttpRequestException)
        {
            // The server reset the connection instead of ending the chunked body: the stream ended all the same.
        }
        catch (IOException)
        {
            // As above, surfaced by the response stream.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync();
        _response.Dispose();
    }

    private async Task<SseFrame?> ReadFrameAsync(string what, CancellationToken cancellation)
    {
        while (true)
        {
            ConsumeHeartbeats();
            var end = IndexOfBlankLine();
            if (end >= 0)
            {
                var bytes = _pending.GetRange(0, end + 2).ToArray();
                _pending.RemoveRange(0, end + 2);
                return SseFrame.Parse(bytes);
            }

            if (!await ReadMoreAsync(what, cancellation))
            {
                if (_pending.Count > 0)
                {
                    Assert.Fail($"The stream ended in the middle of a frame: {Show()}");
                }

                return null;
            }
        }
    }

    private async Task<bool> ReadMoreAsync(string what, CancellationToken cancellation)
    {
        int read;
        try
        {
            read = await _body.ReadAsync(_buffer, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"Gave up waiting for {what}; the stream had sent: {Show()}");
        }

        _pending.AddRange(_buffer.AsSpan(0, read));
        Received.AddRange(_buffer.AsSpan(0, read));
        return read > 0;
    }

    private void ConsumeHeartbeats()
    {
        while (_pending.Count >= 2 && _pending[0] == ':' && _pending[1] == '\n')
        {
            _pending.RemoveRange(0, 2);
            Heartbeats++;
        }

        if (_pending.Count >= 2 && _pending[0] == ':')
        {
            Assert.Fail($"A comment other than the bare keep-alive ':\\n' was sent: {Show()}");
        }
    }

    private int IndexOfBlankLine()
    {
        for (var i = 0; i + 1 < _pending.Count; i++)
        {
            if (_pending[i] == '\n' && _pending[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private string Show() => SseFrame.Show([.. Received]);
}
