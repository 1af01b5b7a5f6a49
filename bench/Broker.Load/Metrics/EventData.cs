using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace Broker.Load.Metrics;

/// <summary>
/// The JSON data of a benchmark event: <c>{"seq":N,"t":T,"pad":"..."}</c>, where T is the publisher's
/// <see cref="Stopwatch"/> timestamp at the moment it sends the event (publisher and subscribers share a process,
/// so they share the clock), padded to a chosen size.
/// </summary>
public static class EventData
{
    private static ReadOnlySpan<byte> SequenceField => "\"seq\":"u8;

    private static ReadOnlySpan<byte> TimeField => "\"t\":"u8;

    /// <summary>Data that the subscribers count as warm-up, not as part of the run.</summary>
    public static byte[] Warmup { get; } = "{\"warmup\":true}"u8.ToArray();

    /// <summary>The data of event <paramref name="sequence"/>, stamped now, about <paramref name="size"/> bytes.</summary>
    public static byte[] Create(long sequence, int size)
    {
        var head = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{{\"seq\":{sequence},\"t\":{Stopwatch.GetTimestamp()},\"pad\":\"");
        var padding = Math.Max(0, size - head.Length - 2);
        var bytes = new byte[head.Length + padding + 2];
        var written = Encoding.ASCII.GetBytes(head, bytes);
        bytes.AsSpan(written, padding).Fill((byte)'x');
        bytes[^2] = (byte)'"';
        bytes[^1] = (byte)'}';
        return bytes;
    }

    /// <summary>Reads the sequence number and timestamp back out of a frame's data, without allocating.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out long sequence, out long timestamp)
    {
        timestamp = 0;
        return TryReadNumber(data, SequenceField, out sequence) && TryReadNumber(data, TimeField, out timestamp);
    }

    private static bool TryReadNumber(ReadOnlySpan<byte> data, ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var at = data.IndexOf(field);
        return at >= 0 && Utf8Parser.TryParse(data[(at + field.Length)..], out value, out _);
    }

    /// <summary>Microseconds from a <see cref="Stopwatch"/> timestamp to another.</summary>
    public static long Microseconds(long from, long to) => (to - from) * 1_000_000 / Stopwatch.Frequency;
}
