using System.Globalization;
using System.Text;
using Broker.Events;

namespace Broker.Gateway.Streaming;

/// <summary>
/// The bytes of the event stream. A frame is <c>event:&lt;name&gt;\nid:&lt;id&gt;\ndata:&lt;data&gt;\n\n</c>, with no
/// space after the colons: broker-client finds the fields by these exact prefixes.
/// </summary>
public static class SseFrame
{
    /// <summary>A comment line: keeps proxies from dropping a quiet stream, ignored by every client.</summary>
    public static ReadOnlyMemory<byte> Heartbeat { get; } = ":\n"u8.ToArray();

    /// <summary>Formats one event. The name is UTF-8; the data is already compact ASCII JSON on one line.</summary>
    public static byte[] Format(StoredEvent storedEvent)
    {
        ArgumentNullException.ThrowIfNull(storedEvent);
        Span<byte> id = stackalloc byte[20];
        storedEvent.Id.TryFormat(id, out var idLength, default, CultureInfo.InvariantCulture);

        var frame = new byte["event:"u8.Length + Encoding.UTF8.GetByteCount(storedEvent.Name) +
            "\nid:"u8.Length + idLength + "\ndata:"u8.Length + Encoding.UTF8.GetByteCount(storedEvent.Data) +
            "\n\n"u8.Length];
        var rest = frame.AsSpan();
        Append(ref rest, "event:"u8);
        rest = rest[Encoding.UTF8.GetBytes(storedEvent.Name, rest)..];
        Append(ref rest, "\nid:"u8);
        Append(ref rest, id[..idLength]);
        Append(ref rest, "\ndata:"u8);
        rest = rest[Encoding.UTF8.GetBytes(storedEvent.Data, rest)..];
        Append(ref rest, "\n\n"u8);
        return frame;
    }

    private static void Append(ref Span<byte> destination, scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        destination = destination[bytes.Length..];
    }
}
