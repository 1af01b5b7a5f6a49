using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Broker.Events;
using Broker.Gateway.Auth;
using Broker.Gateway.Http;

namespace Broker.Gateway.Streaming;

/// <summary>
/// One <c>/sse</c> stream. It joins its tenant's hub before reading the snapshot or replay, so no event falls
/// between the two; then it writes whatever its queue holds and flushes once per batch. It remembers the last
/// id it sent: it skips anything not newer and reads any gap from the log, so the client sees every id in order.
/// Its hub's timers send its keep-alives and end it when its JWT expires; it creates a timer of its own only when
/// the gateway begins to stop.
/// </summary>
public sealed partial class SseConnection : ITenantSubscriber, IDisposable
{
    /// <summary>Frames a connection may have waiting; a client this far behind is closed and reconnects.</summary>
    public const int QueueCapacity = 1024;

    /// <summary>How many events one log read returns during a replay or a gap fill.</summary>
    public const int ReadPageSize = 500;

    private readonly Channel<OutgoingFrame> _queue = Channel.CreateBounded<OutgoingFrame>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true });

    private readonly CancellationTokenSource _closed = new();
    private readonly BrokerUser _user;
    private readonly StreamingServices _services;
    private int _closeReason = -1;
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
    public CloseReason? ClosedBecause => _closeReason < 0 ? null : (CloseReason)_closeReason;

    public bool Offer(OutgoingFrame frame) => _queue.Writer.TryWrite(frame);

    public void Close(CloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, (int)reason, -1) != -1)
        {
            return;
        }

        try
        {
            // Off the caller's thread: the hub that calls this must never wait on a connection.
            _ = _closed.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The stream already ended.
        }
    }

    /// <summary>Serves the stream until the client leaves, the gateway ends it, or the gateway stops.</summary>
    /// <param name="lastEventId">The id the client saw last, or null for a fresh connect.</param>
    public async Task RunAsync(HttpContext context, long? lastEventId)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var membership = _services.Hubs.Join(_user.Tenant, this);

        // Read before answering, so that an unreachable cluster is still a clean 503.
        Opening opening;
        try
        {
            opening = await OpenAsync(lastEventId);
        }
        catch (Exception e) when (ClusterFailures.IsUnavailable(e))
        {
            await ClusterFailures.ToError(e).ExecuteAsync(context);
            return;
        }

        SseResponse.Start(context);
        LogOpened(_services.Logger, _user.Username, _user.Tenant, lastEventId ?? 0, opening.Replay);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _closed.Token);
        var drain = _services.Stopping.Register(ScheduleDrain);
        try
        {
            var writer = context.Response.BodyWriter;
            WriteEvents(writer, opening.Events);
            await FillAsync(writer, opening.ReplayUpTo, stop.Token);
            await writer.FlushAsync(stop.Token);
            await PumpAsync(writer, stop.Token);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The client left (a write may then fail in more ways than cancellation), or the gateway closed the
            // stream: either way there is nobody left to answer.
        }
        catch (Exception e) when (ClusterFailures.IsUnavailable(e))
        {
            // The client reconnects with Last-Event-ID and resumes where it stopped.
            LogFailed(_services.Logger, _user.Username, _user.Tenant, e.GetType().Name);
        }
        finally
        {
            await stop.CancelAsync();
            await drain.DisposeAsync();
            if (Interlocked.Exchange(ref _drainTimer, null) is { } drainTimer)
            {
                await drainTimer.DisposeAsync();
            }

            if (ClosedBecause is { } reason)
            {
                LogClosedByGateway(_services.Logger, _user.Username, _user.Tenant, reason, _sentId);
            }
            else
            {
                LogEnded(_services.Logger, _user.Username, _user.Tenant, _sentId);
            }
        }
    }

    public void Dispose() => _closed.Dispose();

    private async Task<Opening> OpenAsync(long? lastEventId)
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

    private async Task PumpAsync(PipeWriter writer, CancellationToken cancellation)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(cancellation))
        {
            while (reader.TryRead(out var frame))
            {
                await WriteAsync(writer, frame, cancellation);
            }

            var flushed = await writer.FlushAsync(cancellation);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(PipeWriter writer, OutgoingFrame frame, CancellationToken cancellation)
    {
        switch (frame.Kind)
        {
            case FrameKind.Heartbeat:
                writer.Write(frame.Bytes.Span);
                break;

            case FrameKind.Watermark:
                await FillAsync(writer, frame.Id, cancellation);
                break;

            case FrameKind.Event when frame.Id > _sentId:
                // A jump means frames went missing on the way (or before this connection joined): the log has them.
                await FillAsync(writer, frame.Id - 1, cancellation);
                if (frame.Id > _sentId)
                {
                    writer.Write(frame.Bytes.Span);
                    _sentId = frame.Id;
                }

                break;
        }
    }

    /// <summary>Writes every stored event after the last one sent, up to <paramref name="upTo"/>.</summary>
    private async Task FillAsync(PipeWriter writer, long upTo, CancellationToken cancellation)
    {
        while (_sentId < upTo)
        {
            var page = await _services.Log.ReadAfterAsync(
                _user.Tenant, _sentId, (int)Math.Min(ReadPageSize, upTo - _sentId));
            if (page.Count == 0)
            {
                LogMissingFromLog(_services.Logger, _user.Tenant, _sentId, upTo);
                return;
            }

            WriteEvents(writer, page);
            await writer.FlushAsync(cancellation);
        }
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
