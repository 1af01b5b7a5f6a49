using System.Globalization;
using System.Threading.Channels;

namespace Broker.Ceiling;

/// <summary>
/// Every open stream and the one thing the ceiling does: format a frame once and offer the same bytes to each
/// stream's queue. A stream whose queue is full is closed, as Broker closes a subscriber that falls behind.
/// </summary>
public sealed class CeilingHub
{
    /// <summary>Frames a stream may have waiting, the same bound as Broker's.</summary>
    public const int QueueCapacity = 1024;

    private readonly Lock _gate = new();
    private Channel<byte[]>[] _streams = [];
    private long _lastId;

    public Channel<byte[]> Join()
    {
        var queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
        lock (_gate)
        {
            _streams = [.. _streams, queue];
        }

        return queue;
    }

    public void Leave(Channel<byte[]> queue)
    {
        lock (_gate)
        {
            _streams = Array.FindAll(_streams, candidate => !ReferenceEquals(candidate, queue));
        }
    }

    /// <returns>The frame's id.</returns>
    public long Publish(ReadOnlySpan<byte> data)
    {
        var id = Interlocked.Increment(ref _lastId);
        var frame = Format(id, data);
        foreach (var stream in Volatile.Read(ref _streams))
        {
            if (!stream.Writer.TryWrite(frame))
            {
                stream.Writer.TryComplete();
            }
        }

        return id;
    }

    private static byte[] Format(long id, ReadOnlySpan<byte> data)
    {
        Span<byte> idText = stackalloc byte[20];
        id.TryFormat(idText, out var idLength, default, CultureInfo.InvariantCulture);
        var head = "event:bench\nid:"u8;
        var frame = new byte[head.Length + idLength + "\ndata:"u8.Length + data.Length + 2];
        var rest = frame.AsSpan();
        head.CopyTo(rest);
        rest = rest[head.Length..];
        idText[..idLength].CopyTo(rest);
        rest = rest[idLength..];
        "\ndata:"u8.CopyTo(rest);
        rest = rest["\ndata:"u8.Length..];
        data.CopyTo(rest);
        "\n\n"u8.CopyTo(rest[data.Length..]);
        return frame;
    }
}
