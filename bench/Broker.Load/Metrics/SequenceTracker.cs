namespace Broker.Load.Metrics;

/// <summary>
/// Which of the expected sequence numbers a subscriber has seen: a bitmap over the sequence numbers of its
/// channel, so a frame seen twice is a duplicate and a bit never set at the end is a missing frame.
/// </summary>
public sealed class SequenceTracker
{
    private readonly ulong[] _seen;
    private readonly int _channel;
    private readonly int _channels;

    /// <param name="events">How many events are published across all channels (sequence 0 .. events - 1).</param>
    /// <param name="channel">The subscriber's channel; it expects the sequence numbers s with s % channels == it.</param>
    /// <param name="channels">How many channels the events are spread over, round robin.</param>
    public SequenceTracker(int events, int channel, int channels)
    {
        _channel = channel;
        _channels = channels;
        Expected = events <= channel ? 0 : ((events - 1 - channel) / channels) + 1;
        _seen = new ulong[(Expected + 63) / 64];
    }

    public int Expected { get; }

    public int Distinct { get; private set; }

    public int Duplicates { get; private set; }

    /// <summary>Frames whose sequence number belongs to another channel or lies outside the run.</summary>
    public int Foreign { get; private set; }

    public int Missing => Expected - Distinct;

    public bool IsComplete => Distinct == Expected;

    /// <summary>Whether a frame with <paramref name="sequence"/> arrived; false for another channel's.</summary>
    public bool Seen(long sequence)
    {
        if (!Expects(sequence))
        {
            return false;
        }

        var index = (int)(sequence / _channels);
        return (_seen[index >> 6] & (1UL << (index & 63))) != 0;
    }

    /// <summary>Whether <paramref name="sequence"/> belongs to this tracker's channel and run.</summary>
    public bool Expects(long sequence) =>
        sequence >= 0 && sequence % _channels == _channel && sequence / _channels < Expected;

    public void Mark(long sequence)
    {
        if (sequence < 0 || sequence % _channels != _channel || sequence / _channels >= Expected)
        {
            Foreign++;
            return;
        }

        var index = (int)(sequence / _channels);
        ref var word = ref _seen[index >> 6];
        var bit = 1UL << (index & 63);
        if ((word & bit) != 0)
        {
            Duplicates++;
            return;
        }

        word |= bit;
        Distinct++;
    }
}
