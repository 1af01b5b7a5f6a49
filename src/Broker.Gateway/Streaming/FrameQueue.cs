using System.Threading.Tasks.Sources;

namespace Broker.Gateway.Streaming;

/// <summary>
/// The frames waiting for one connection: any thread offers, the connection's write loop alone reads. An idle
/// connection is the common case, so the queue holds no array until a frame arrives, grows by doubling up to its
/// capacity, and lets a reader wait on it without an allocation or a cancellation registration: ending the queue is
/// what wakes the reader.
/// </summary>
public sealed class FrameQueue : IValueTaskSource<bool>
{
    private const int FirstSize = 4;

    /// <summary>An emptied array larger than this is let go: a burst must not stay an idle stream's cost.</summary>
    private const int KeptSize = 16;

    private readonly Lock _gate = new();
    private readonly int _capacity;
    private ManualResetValueTaskSourceCore<bool> _ready = new() { RunContinuationsAsynchronously = true };
    private OutgoingFrame[] _frames = [];
    private int _head;
    private int _count;
    private bool _ended;
    private bool _readerWaiting;

    /// <param name="capacity">How many frames may wait; an offer beyond them is refused.</param>
    public FrameQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>True once <see cref="End"/> was called.</summary>
    public bool IsEnded
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    /// <summary>Adds a frame without waiting. False when the queue is full or has ended.</summary>
    public bool TryWrite(OutgoingFrame frame)
    {
        lock (_gate)
        {
            if (_ended || _count == _capacity)
            {
                return false;
            }

            if (_count == _frames.Length)
            {
                Grow();
            }

            _frames[(_head + _count) % _frames.Length] = frame;
            _count++;
            if (!_readerWaiting)
            {
                return true;
            }

            _readerWaiting = false;
        }

        // Outside the lock, and never inline: the writer is a hub, which must not run a connection's write loop.
        _ready.SetResult(true);
        return true;
    }

    /// <summary>Takes the oldest frame. False when the queue is empty or has ended.</summary>
    public bool TryRead(out OutgoingFrame frame)
    {
        lock (_gate)
        {
            if (_ended || _count == 0)
            {
                frame = default;
                return false;
            }

            frame = _frames[_head];
            _frames[_head] = default;
            _head = (_head + 1) % _frames.Length;
            _count--;
            if (_count == 0 && _frames.Length > KeptSize)
            {
                _frames = [];
                _head = 0;
            }

            return true;
        }
    }

    /// <summary>
    /// Completes with true once a frame can be read, with false once the queue has ended. One reader at a time: the
    /// previous wait must have completed.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return new ValueTask<bool>(false);
            }

            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }

            _ready.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _ready.Version);
        }
    }

    /// <summary>Refuses every later frame, drops the waiting ones and wakes the reader; safe to repeat.</summary>
    public void End()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _frames = [];
            _count = 0;
            if (!_readerWaiting)
            {
                return;
            }

            _readerWaiting = false;
        }

        _ready.SetResult(false);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _ready.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _ready.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _ready.OnCompleted(continuation, state, token, flags);

    private void Grow()
    {
        var grown = new OutgoingFrame[Math.Min(Math.Max(FirstSize, _frames.Length * 2), _capacity)];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _frames[(_head + i) % _frames.Length];
        }

        _frames = grown;
        _head = 0;
    }
}
