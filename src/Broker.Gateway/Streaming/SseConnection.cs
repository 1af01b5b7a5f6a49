using System.Buffers;
using System.IO.Pipelines;
using Broker.Events;
using Broker.Gateway.Auth;
using Broker.Gateway.Http;

namespace Broker.Gateway.Streaming;

/// <summary>
/// One <c>/sse</c> stream. It joins its tenant's hub before reading the snapshot or replay, so no event falls
/// between the two; then it writes whatever its queue holds and flushes once per batch. It remembers the last
/// id it sent: it skips anything not newer and reads any gap from the log, so the client sees every id in order.
/// Its hub's timers send its keep-alives and end it when its JWT expires; it creates a timer of its own only when
/// the gateway begins to stop. An idle stream is the common case and is kept small: an empty queue without an
/// array, no cancellation source of its own (ending the queue and cancelling the pending flush wake the write
/// loop), and one async method alive while it waits.
/// </summary>
public sealed partial class SseConnection : ITenantSubscriber
{
    /// <summary>Frames a connection may have waiting; a client this far behind is closed and reconnects.</summary>
    public const int QueueCapacity = 1024;

    /// <summary>How many events one log read returns during a replay or a gap fill.</summary>
    public const int ReadPageSize = 500;

    private readonly FrameQueue _queue = new(QueueCapacity);
    private readonly BrokerUser _user;
    private readonly StreamingServices _services;
    private PipeWriter? _writer;
    private int _closeReason = -1;
    private int _ended;
    private long _sentId;
    private ITimer? _drainTimer;

    public SseConnection(BrokerUser user, StreamingServices services)
    {
        _user = user;
        _services = services;
    }

    public string Username => _user.Username;

    public string Stamp => _user.Stamp;

    public DateTimeOffset? ExpiresAt => _user.ExpiresAt;

    /// <summary>Why the gateway ended the stream, or null while it has not.</summary>
    public CloseReason? ClosedBecause
    {
        get
        {
            var reason = Volatile.Read(ref _closeReason);
            return reason < 0 ? null : (CloseReason)reason;
        }
    }

    public bool Offer(OutgoingFrame frame) => _queue.TryWrite(frame);

    public bool Close(CloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, (int)reason, -1) != -1)
        {
            return false;
        }

        End();
        return true;
    }

    /// <summary>Serves the stream until the client leaves, the gateway ends it, or the gateway stops.</summary>
    /// <param name="lastEventId">The id the client saw last, or null for a fresh connect.</param>
    public async Task RunAsync(HttpContext context, long? lastEventId)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var membership = _services.Hubs.Join(_user.Tenant, this);
        var writer = context.Response.BodyWriter;

        // Known before End can run, so that End can always cancel a flush that waits on a client that does not read.
        Interlocked.Exchange(ref _writer, writer);
        using var clientGone = context.RequestAborted.UnsafeRegister(
            static connection => ((SseConnection)connection!).End(), this);
        using var drain = _services.Stopping.UnsafeRegister(
            static connection => ((SseConnection)connection!).ScheduleDrain(), this);
        var started = false;
        try
        {
            if (await OpenAsync(context, writer, lastEventId) is not { } replayUpTo)
            {
                return;
            }

            started = true;
            if (!await FillAsync(writer, replayUpTo) || !await FlushAsync(writer))
            {
                return;
            }

            while (await _queue.WaitToReadAsync())
            {
                while (_queue.TryRead(out var frame))
                {
                    if (!await WriteAsync(writer, frame))
                    {
                        return;
                    }
                }

                if (!await FlushAsync(writer))
                {
                    return;
                }
            }
        }
        catch (Exception) when (Volatile.Read(ref _ended) != 0 || context.RequestAborted.IsCancellationRequested)
        {
            // The client left (a write may then fail in more ways than cancellation), or the gateway closed the
            // stream: either way there is nobody left to answer.
        }
        catch (Exception e) when (started && ClusterFailures.IsUnavailable(e))
        {
            // The client reconnects with Last-Event-ID and resumes where it stopped.
            LogFailed(_services.Logger, _user.Username, _user.Tenant, e.GetType().Name);
        }
        finally
        {
            End();
            if (Interlocked.Exchange(ref _drainTimer, null) is { } drainTimer)
            {
                await drainTimer.DisposeAsync();
            }

            if (started)
            {
                LogEnd();
            }
        }
    }

    /// <summary>Wakes the write loop, waiting or flushing, so that it ends; safe to call from any thread.</summary>
    private void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _queue.End();

        // A flush that waits on a client that does not read returns at once, cancelled; with no flush pending, the
        // next one does.
        Volatile.Read(ref _writer)?.CancelPendingFlush();
    }

    private void LogEnd()
    {
        if (ClosedBecause is { } reason)
        {
            LogClosedByGateway(_services.Logger, _user.Username, _user.Tenant, reason, _sentId);
        }
        else
        {
            LogEnded(_services.Logger, _user.Username, _user.Tenant, _sentId);
        }
    }

    /// <summary>
    /// Reads the snapshot or the first page of a replay and starts the response with it. Reads come first, so that an
    /// unreachable cluster is still a clean 503.
    /// </summary>
    /// <returns>The id up to which the replay goes on; null when the stream did not start.</returns>
    private async Task<long?> OpenAsync(HttpContext context, PipeWriter writer, long? lastEventId)
    {
        Opening opening;
        try
        {
            opening = await ReadOpeningAsync(lastEventId);
        }
        catch (Exception e) when (ClusterFailures.IsUnavailable(e))
        {
            await ClusterFailures.ToError(e).ExecuteAsync(context);
            return null;
        }

        SseResponse.Start(context);
        LogOpened(_services.Logger, _user.Username, _user.Tenant, lastEventId ?? 0, opening.Replay);
        WriteEvents(writer, opening.Events);
        return opening.ReplayUpTo;
    }

    /// <returns>False when the stream is to end: the client left or the gateway closed it.</returns>
    private async ValueTask<bool> FlushAsync(PipeWriter writer)
    {
        var flushed = await writer.FlushAsync();
        return !flushed.IsCompleted && !flushed.IsCanceled && Volatile.Read(ref _ended) == 0;
    }

    private async Task<Opening> ReadOpeningAsync(long? lastEventId)
    {
        var log = _services.Log;
        if (lastEventId is { } after and > 0)
        {
            var latest = await log.GetLatestIdAsync(_user.Tenant);
            if (after <= latest)
            {
                _sentId = after;
                var first = after == latest
                    ? []
                    : await log.ReadAfterAsync(_user.Tenant, after, (int)Math.Min(ReadPageSize, latest - after));
                return new Opening(first, latest, Replay: true);
            }
        }

        // A fresh connect, or an id this tenant never issued: the latest event of every name, in id order.
        return new Opening(await log.ReadLatestAsync(_user.Tenant), 0, Replay: false);
    }

    /// <returns>False when the stream is to end.</returns>
    private async ValueTask<bool> WriteAsync(PipeWriter writer, OutgoingFrame frame)
    {
        switch (frame.Kind)
        {
            case FrameKind.Heartbeat:
                writer.Write(frame.Bytes.Span);
                return true;

            case FrameKind.Watermark:
                return await FillAsync(writer, frame.Id);

            case FrameKind.Event when frame.Id > _sentId:
                // A jump means frames went missing on the way (or before this connection joined): the log has them.
                if (frame.Id - 1 > _sentId && !await FillAsync(writer, frame.Id - 1))
                {
                    return false;
                }

                if (frame.Id > _sentId)
                {
                    writer.Write(frame.Bytes.Span);
                    _sentId = frame.Id;
                }

                return true;

            default:
                return true;
        }
    }

    /// <summary>Writes every stored event after the last one sent, up to <paramref name="upTo"/>.</summary>
    /// <returns>False when the stream is to end.</returns>
    private async ValueTask<bool> FillAsync(PipeWriter writer, long upTo)
    {
        while (_sentId < upTo)
        {
            var page = await _services.Log.ReadAfterAsync(
                _user.Tenant, _sentId, (int)Math.Min(ReadPageSize, upTo - _sentId));
            if (page.Count == 0)
            {
                LogMissingFromLog(_services.Logger, _user.Tenant, _sentId, upTo);
                return true;
            }

            WriteEvents(writer, page);
            if (!await FlushAsync(writer))
            {
                return false;
            }
        }

        return true;
    }

    private void WriteEvents(PipeWriter writer, IReadOnlyList<StoredEvent> events)
    {
        foreach (var storedEvent in events)
        {
            if (storedEvent.Id > _sentId)
            {
                writer.Write(SseFrame.Format(storedEvent));
                _sentId = storedEvent.Id;
            }
        }
    }

    /// <summary>
    /// Ends the stream at a random moment of the drain window rather than at once: the SSE contract allows no
    /// <c>retry:</c> field (broker-client would take it for an event), so spreading the ends is what spreads the
    /// reconnects.
    /// </summary>
    private void ScheduleDrain()
    {
        var timer = _services.Time.CreateTimer(
            _ => Close(CloseReason.GatewayStopping), null, _services.NextDrainDelay(), Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref _drainTimer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    /// <summary>What a stream starts with.</summary>
    /// <param name="ReplayUpTo">The newest id when the stream replays after a known id; else 0.</param>
    private sealed record Opening(IReadOnlyList<StoredEvent> Events, long ReplayUpTo, bool Replay);
}
