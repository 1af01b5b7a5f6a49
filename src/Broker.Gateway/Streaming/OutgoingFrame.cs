namespace Broker.Gateway.Streaming;

/// <summary>
/// What a tenant hub hands to each connection's queue: the same formatted bytes for every connection.
/// </summary>
/// <param name="Id">The event id; 0 for a heartbeat.</param>
/// <param name="Bytes">
/// The frame; null for a watermark, which only says "the log has reached <paramref name="Id"/>", so that a
/// connection fills what it has not seen from the log.
/// </param>
public readonly record struct OutgoingFrame(long Id, ReadOnlyMemory<byte>? Bytes)
{
    public static OutgoingFrame Heartbeat => new(0, SseFrame.Heartbeat);

    public bool IsHeartbeat => Id == 0;

    public static OutgoingFrame Watermark(long id) => new(id, null);
}
