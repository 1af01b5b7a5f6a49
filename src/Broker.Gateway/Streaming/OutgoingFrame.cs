namespace Broker.Gateway.Streaming;

/// <summary>What an entry of a connection's queue asks the connection to do.</summary>
public enum FrameKind
{
    /// <summary>Write the event's frame, unless the connection already sent that id.</summary>
    Event,

    /// <summary>The log has reached the id: read from the log whatever the connection has not sent yet.</summary>
    Watermark,

    /// <summary>Write a keep-alive comment.</summary>
    Heartbeat,
}

/// <summary>
/// An entry of a connection's queue. A tenant hub hands the same formatted bytes to every connection.
/// </summary>
public readonly record struct OutgoingFrame(FrameKind Kind, long Id, ReadOnlyMemory<byte> Bytes)
{
    public static OutgoingFrame Heartbeat => new(FrameKind.Heartbeat, 0, SseFrame.Heartbeat);

    public static OutgoingFrame Event(long id, byte[] frame) => new(FrameKind.Event, id, frame);

    public static OutgoingFrame Watermark(long id) => new(FrameKind.Watermark, id, ReadOnlyMemory<byte>.Empty);
}
