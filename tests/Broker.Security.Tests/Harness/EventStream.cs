using System.Globalization;
using System.Text.RegularExpressions;

namespace Broker.Security.Harness;

/// <summary>One event frame off the wire.</summary>
public sealed record Frame(string Event, long Id, string Data, byte[] Bytes);

/// <summary>
/// Reads an open <c>/sse</c> body as broker-client does: frames end at a blank line and <c>:\n</c> is a
/// keep-alive. Anything else on the wire fails the test.
/// </summary>
public sealed partial class EventStream : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[16 * 1024];

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _body = body;
    }

    public static async Task<EventStream> StartAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new EventStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event frame, skipping keep-alives; null when the server ended the stream.</summary>
    public async Task<Frame?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            while (_pending.Count >= 2 && _pending[0] == ':' && _pending[1] == '\n')
            {
                _pending.RemoveRange(0, 2);
            }

            var end = IndexOfBlankLine();
            if (end >= 0)
            {
                var bytes = _pending.GetRange(0, end + 2).ToArray();
                _pending.RemoveRange(0, end + 2);
                return Parse(bytes);
            }

            int read;
            try
            {
                read = await _body.ReadAsync(_buffer, cts.Token);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"No event frame within the time-out; pending: {Show([.. _pending])}");
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // The server reset the connection: the stream ended.
                read = 0;
            }

            if (read == 0)
            {
                Assert.True(_pending.Count == 0, $"The stream ended inside a frame: {Show([.. _pending])}");
                return null;
            }

            _pending.AddRange(_buffer.AsSpan(0, read));
        }
    }

    /// <summary>Reads frames up to and including the one with id <paramref name="id"/>.</summary>
    public async Task<IReadOnlyList<Frame>> ReadThroughAsync(long id, TimeSpan? timeout = null)
    {
        var frames = new List<Frame>();
        while (frames.Count == 0 || frames[^1].Id < id)
        {
            var frame = await NextAsync(timeout) ?? throw new InvalidOperationException(
                $"The stream ended before id {id}; it sent ids {string.Join(",", frames.Select(f => f.Id))}");
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>Waits until the server ends the stream; an event frame before that fails the test.</summary>
    public async Task WaitForEndAsync(TimeSpan? timeout = null)
    {
        var frame = await NextAsync(timeout);
        Assert.True(frame is null, $"Expected the stream to end, got a frame: {frame?.Event}");
    }

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync();
        _response.Dispose();
    }

    private static Frame Parse(byte[] bytes)
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        var match = FramePattern().Match(text);
        Assert.True(match.Success, $"Not an event frame in the contract's form: {Show(bytes)}");
        var data = match.Groups["data"].Value;
        Assert.True(Ascii.IsValid(data), $"The data of a frame is not pure ASCII: {Show(bytes)}");
        return new Frame(match.Groups["event"].Value,
            long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture), data, bytes);
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

    private static string Show(byte[] bytes) => Encoding.UTF8.GetString(bytes).Replace("\n", "\\n");

    [GeneratedRegex(@"\Aevent:(?<event>[^\n]+)\nid:(?<id>[1-9][0-9]*)\ndata:(?<data>[^\n]*)\n\n\z")]
    private static partial Regex FramePattern();
}
