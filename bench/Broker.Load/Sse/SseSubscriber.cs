using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Broker.Load.Metrics;
using Broker.Load.Targets;

namespace Broker.Load.Sse;

/// <summary>What every subscriber of a run adds to, with one interlocked operation per socket read.</summary>
public sealed class RunCounters
{
    private long _frames;
    private int _open;
    private int _everConnected;
    private int _complete;

    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Streams open right now.</summary>
    public int Open => Volatile.Read(ref _open);

    public int EverConnected => Volatile.Read(ref _everConnected);

    /// <summary>Subscribers that have seen every event of the run.</summary>
    public int Complete => Volatile.Read(ref _complete);

    internal void AddFrames(int count) => Interlocked.Add(ref _frames, count);

    internal void Opened(bool first)
    {
        Interlocked.Increment(ref _open);
        if (first)
        {
            Interlocked.Increment(ref _everConnected);
        }
    }

    internal void Closed() => Interlocked.Decrement(ref _open);

    internal void Completed() => Interlocked.Increment(ref _complete);
}

/// <summary>How a subscriber reads.</summary>
/// <param name="Events">Events the run publishes (sequence numbers 0 .. Events - 1 over all channels).</param>
/// <param name="LowMemory">
/// Waits for data with a zero-byte read and borrows a read buffer only while data is there, so an idle stream
/// holds no buffer; costs a second system call per read.
/// </param>
/// <param name="StallAfterFrames">Stop reading after this many data frames (0: never), as a slow consumer.</param>
/// <param name="StallFor">How long the stall lasts.</param>
/// <param name="ReceiveBufferBytes">The socket's receive buffer (0: the system's default).</param>
/// <param name="Reader">
/// Reads the stream on this epoll thread instead of with asynchronous socket calls (not for a stalling subscriber).
/// </param>
public sealed record SubscriberSettings(
    int Events,
    bool LowMemory = false,
    int StallAfterFrames = 0,
    TimeSpan StallFor = default,
    int ReceiveBufferBytes = 0,
    EpollReader? Reader = null);

/// <summary>
/// One event-stream client on a raw socket. It writes the GET request itself, undoes chunked coding, splits frames
/// at <c>\n\n</c> and reads <c>id</c> and <c>data</c> in place; nothing is allocated per frame. When the server ends
/// the stream it reconnects with <c>Last-Event-ID</c>, as a browser's EventSource does.
/// </summary>
public sealed class SseSubscriber
{
    private const int ReadBufferBytes = 16 * 1024;
    private const int MaxIdBytes = 64;
    private const string ClosedBeforeAnswer = "the server closed the connection before answering";

    private readonly int _index;
    private readonly LoadTarget _target;
    private readonly SubscriberSettings _settings;
    private readonly RunCounters _counters;
    private readonly byte[] _lastId = new byte[MaxIdBytes];
    private readonly ByteBuffer _text = new(1024);
    private byte[]? _readBuffer;
    private int _lastIdLength;
    private long _lastNumericId = -1;
    private bool _stalled;
    private ChunkedDecoder? _decoder;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SseSubscriber(int index, LoadTarget target, SubscriberSettings settings, RunCounters counters)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        _index = index;
        _target = target;
        _settings = settings;
        _counters = counters;
        Tracker = new SequenceTracker(settings.Events, target.ChannelOf(index), target.Plan.Channels);
    }

    public SequenceTracker Tracker { get; }

    /// <summary>Publish-to-receive latencies of this subscriber's frames; null before its first frame.</summary>
    public LatencyHistogram? Latency { get; private set; }

    public long DataFrames { get; private set; }

    public int WarmupFrames { get; private set; }

    /// <summary>Frames whose data this tool did not write.</summary>
    public int UnreadableFrames { get; private set; }

    /// <summary>Frames whose id was not above the previous one (only checked where ids are ordered).</summary>
    public int OutOfOrder { get; private set; }

    /// <summary>Streams the server ended (or that failed) while the run went on.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Answers other than 200 to the GET.</summary>
    public int Refusals { get; private set; }

    public string? LastError { get; private set; }

    public bool IsOpen { get; private set; }

    /// <summary>Stopwatch timestamp of the first 200 answer, 0 until then.</summary>
    public long FirstConnectedAt { get; private set; }

    /// <summary>Completes at the first 200 answer.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Stopwatch timestamp of the last data frame.</summary>
    public long LastFrameAt { get; private set; }

    /// <summary>Reads (and reconnects) until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await SessionAsync(stop);
                failures = 0;
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException
                or ObjectDisposedException or OperationCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    LastError = e.Message;
                    failures++;
                }
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            Reconnects++;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 50 * failures)), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private Task SessionAsync(CancellationToken stop) =>
        _settings.Reader is { } reader && _settings.StallAfterFrames == 0
            ? SessionOnReaderAsync(reader, stop)
            : SessionWithAsyncReadsAsync(stop);

    private async Task SessionWithAsyncReadsAsync(CancellationToken stop)
    {
        using var socket = NewSocket();

        // Disposing the socket ends a pending read at once; cheaper than a token on every read.
        using var registration = stop.UnsafeRegister(static state => ((Socket)state!).Dispose(), socket);
        await socket.ConnectAsync(_target.EndPoint, stop);
        await socket.SendAsync(SubscribeRequest(), SocketFlags.None, stop);

        _text.Clear();
        if (!await ReadHeadAsync(socket))
        {
            return;
        }

        MarkOpen();
        try
        {
            await ReadBodyAsync(socket);
        }
        finally
        {
            MarkClosed();
        }
    }

    /// <summary>
    /// Connects and sends the request with blocking calls (loopback answers them at once), then lets the reader's
    /// thread take the head and the body as they arrive, until the stream ends or the run stops.
    /// </summary>
    private async Task SessionOnReaderAsync(EpollReader reader, CancellationToken stop)
    {
        using var socket = NewSocket();
        socket.Connect(_target.EndPoint);
        socket.Send(SubscribeRequest());

        _text.Clear();
        var session = new ReaderSession();
        using var registration = stop.UnsafeRegister(static state => ((ReaderSession)state!).End(), session);
        var token = reader.Add(socket, () => OnReadable(socket, reader.Buffer, session));
        try
        {
            await session.Ended;
        }
        finally
        {
            reader.Remove(socket, token);
            if (session.Open)
            {
                MarkClosed();
            }
        }
    }

    /// <summary>Runs on the reader's thread: one read, then the head or the frames it completes.</summary>
    private void OnReadable(Socket socket, byte[] buffer, ReaderSession session)
    {
        try
        {
            var read = socket.Receive(buffer);
            if (read == 0)
            {
                session.End(session.Open ? null : new IOException(ClosedBeforeAnswer));
            }
            else if (session.Open)
            {
                if (TakeBody(buffer.AsSpan(0, read)))
                {
                    session.End();
                }
            }
            else
            {
                _text.Append(buffer.AsSpan(0, read));
                switch (TakeHead())
                {
                    case Head.Refused:
                        session.End();
                        break;
                    case Head.Open:
                        session.Open = true;
                        MarkOpen();
                        break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            session.End(e);
        }
    }

    private Socket NewSocket()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (_settings.ReceiveBufferBytes > 0)
        {
            socket.ReceiveBufferSize = _settings.ReceiveBufferBytes;
        }

        return socket;
    }

    private byte[] SubscribeRequest() => _target.SubscribeRequest(_index,
        _target.Resumes ? _lastId.AsSpan(0, _lastIdLength) : ReadOnlySpan<byte>.Empty);

    private void MarkOpen()
    {
        IsOpen = true;
        if (FirstConnectedAt == 0)
        {
            FirstConnectedAt = Stopwatch.GetTimestamp();
            _counters.Opened(first: true);
            _connected.TrySetResult();
        }
        else
        {
            _counters.Opened(first: false);
        }
    }

    private void MarkClosed()
    {
        IsOpen = false;
        _counters.Closed();
    }

    /// <summary>Reads the response head; false when the server refused the stream.</summary>
    private async Task<bool> ReadHeadAsync(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                if (read == 0)
                {
                    throw new IOException(ClosedBeforeAnswer);
                }

                _text.Append(buffer.AsSpan(0, read));
                if (TakeHead() is not Head.Incomplete and var head)
                {
                    return head == Head.Open;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Takes the response head from the front of the text once it is all there; on a 200, sets up the body's
    /// decoding and handles the frames that came with the head.
    /// </summary>
    private Head TakeHead()
    {
        var end = _text.Span.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return Head.Incomplete;
        }

        var head = Encoding.ASCII.GetString(_text.Span[..end]);
        _text.Consume(end + 4);
        if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            Refusals++;
            LastError = head.Split("\r\n")[0];
            return Head.Refused;
        }

        _decoder = head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase)
            ? new ChunkedDecoder()
            : null;
        if (_decoder is not null && _text.Length > 0)
        {
            var rest = _text.Span.ToArray();
            _text.Clear();
            _decoder.Decode(rest, _text);
        }

        ProcessFrames(Stopwatch.GetTimestamp());
        return Head.Open;
    }

    /// <summary>Takes body bytes as read; true once the server has ended the stream.</summary>
    private bool TakeBody(ReadOnlySpan<byte> bytes)
    {
        if (_decoder is null)
        {
            _text.Append(bytes);
        }
        else
        {
            _decoder.Decode(bytes, _text);
        }

        ProcessFrames(Stopwatch.GetTimestamp());
        return _decoder is { IsDone: true };
    }

    private async Task ReadBodyAsync(Socket socket)
    {
        while (true)
        {
            if (_settings.StallAfterFrames > 0 && !_stalled && DataFrames >= _settings.StallAfterFrames)
            {
                _stalled = true;
                await Task.Delay(_settings.StallFor);
            }

            byte[] buffer;
            if (_settings.LowMemory)
            {
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
            }
            else
            {
                buffer = _readBuffer ??= new byte[ReadBufferBytes];
            }

            try
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                if (read == 0 || TakeBody(buffer.AsSpan(0, read)))
                {
                    return;
                }
            }
            finally
            {
                if (_settings.LowMemory)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    private void ProcessFrames(long now)
    {
        var text = _text.Span;
        var consumed = 0;
        var frames = 0;
        while (true)
        {
            var end = text[consumed..].IndexOf("\n\n"u8);
            if (end < 0)
            {
                break;
            }

            if (HandleFrame(text.Slice(consumed, end), now))
            {
                frames++;
            }

            consumed += end + 2;
        }

        _text.Consume(consumed);
        if (frames > 0)
        {
            _counters.AddFrames(frames);
            LastFrameAt = now;
        }
    }

    /// <returns>True for a frame with data (keep-alive comments are not frames).</returns>
    private bool HandleFrame(ReadOnlySpan<byte> frame, long now)
    {
        ReadOnlySpan<byte> id = default;
        ReadOnlySpan<byte> data = default;
        var hasData = false;
        while (!frame.IsEmpty)
        {
            var newline = frame.IndexOf((byte)'\n');
            var line = newline < 0 ? frame : frame[..newline];
            frame = newline < 0 ? default : frame[(newline + 1)..];
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            if (line.StartsWith("id:"u8))
            {
                id = Field(line[3..]);
            }
            else if (line.StartsWith("data:"u8))
            {
                data = Field(line[5..]);
                hasData = true;
            }
        }

        if (!hasData)
        {
            return false;
        }

        OnData(id, data, now);
        return true;
    }

    private void OnData(ReadOnlySpan<byte> id, ReadOnlySpan<byte> data, long now)
    {
        if (!id.IsEmpty && id.Length <= MaxIdBytes)
        {
            id.CopyTo(_lastId);
            _lastIdLength = id.Length;
            if (_target.HasOrderedIds && Utf8Parser.TryParse(id, out long numeric, out _))
            {
                if (numeric <= _lastNumericId)
                {
                    OutOfOrder++;
                }

                _lastNumericId = numeric;
            }
        }

        if (!EventData.TryRead(data, out var sequence, out var sentAt))
        {
            if (data.SequenceEqual(EventData.Warmup))
            {
                WarmupFrames++;
            }
            else
            {
                UnreadableFrames++;
            }

            return;
        }

        DataFrames++;
        var wasComplete = Tracker.IsComplete;
        Tracker.Mark(sequence);
        (Latency ??= new LatencyHistogram()).Record(EventData.Microseconds(sentAt, now));
        if (!wasComplete && Tracker.IsComplete)
        {
            _counters.Completed();
        }
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && value[0] == (byte)' ' ? value[1..] : value;

    private enum Head
    {
        Incomplete,
        Refused,
        Open,
    }

    /// <summary>One connection read by the epoll thread: whether its head has come, and how it ended.</summary>
    private sealed class ReaderSession
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Open { get; set; }

        public Task Ended => _ended.Task;

        public void End(Exception? failure = null)
        {
            if (failure is null)
            {
                _ended.TrySetResult();
            }
            else
            {
                _ended.TrySetException(failure);
            }
        }
    }
}
