using Broker.Hosting;
using Orleans.Streams;

namespace Broker.Events;

/// <summary>
/// The one writer of a tenant's event log. Inserts that arrive while a batch is being written wait together and
/// go out as the next batch (group commit), so a busy tenant costs one storage round trip per batch, not per
/// insert. Every caller is answered only once its batch is durable, and events are published in id order. An
/// insert still waiting when its caller's limit is up is refused unwritten, whether the log is overloaded or a
/// write ahead of it hangs, so the log sheds load with honest refusals rather than storing events whose callers
/// have given up.
/// </summary>
/// <remarks>
/// Reentrant so that inserts can queue while a batch is in flight. All state is touched only on the grain's
/// scheduler, one turn at a time, so the queue needs no lock.
/// </remarks>
[Reentrant]
public sealed partial class TenantEventsGrain(
    EventLogTable log,
    TenantStreamOptions streams,
    ILogger<TenantEventsGrain> logger) : Grain, ITenantEventsGrain
{
    // An insert that collides with rows written elsewhere is renumbered after re-reading the head; a few
    // rounds settle any race between two activations, more would mean something is badly wrong.
    private const int MaxConflictRounds = 3;

    private readonly List<PendingAppend> _queue = [];
    private Task? _loading;
    private long _latestId;
    private bool _flushing;
    private int _refused;
    private IAsyncStream<TenantMessage>? _stream;

    private string Tenant => this.GetPrimaryKeyString();

    private IAsyncStream<TenantMessage> Stream => _stream ??=
        this.GetStreamProvider(TenantStreams.Provider).GetStream<TenantMessage>(TenantStreams.For(Tenant));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Tells an operator (and the fault tests) which silo writes a tenant's log, and when it moved after a crash.
        LogActivated(Tenant);
        return Task.CompletedTask;
    }

    public async Task<Outcome<StoredEvent>> Append(string name, string data, TimeSpan maxQueueWait)
    {
        if (EventRules.Check(name, data) is { } problem)
        {
            return Failure.Invalid(problem);
        }

        var pending = new PendingAppend(name, data);
        _queue.Add(pending);
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }

        var stored = pending.Stored;
        await ((Task)stored.WaitAsync(maxQueueWait)).ConfigureAwait(
            ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        if (!stored.IsCompleted && _queue.Remove(pending))
        {
            // Still waiting behind a write that has not finished, perhaps because storage hangs: its caller is
            // about to give up, so it is refused now, unwritten, rather than left to the caller's time-out.
            _refused++;
            return Failure.Unavailable(InsertFailures.Overloaded);
        }

        return await stored;
    }

    public async Task<long> GetLatestId()
    {
        await EnsureLoadedAsync();
        return _latestId;
    }

    public Task SignOut(string username)
    {
        LogSigningOut(Tenant);
        return Stream.OnNextAsync(new UserSignedOut(username));
    }

    private Task EnsureLoadedAsync()
    {
        if (_loading is null || _loading.IsFaulted || _loading.IsCanceled)
        {
            _loading = LoadAsync();
        }

        return _loading;
    }

    private async Task LoadAsync() => _latestId = await log.ReadHeadAsync(Tenant);

    private async Task FlushAsync()
    {
        try
        {
            while (_queue.Count > 0)
            {
                var count = EventBatching.CountFitting(_queue);
                var batch = _queue.GetRange(0, count);
                _queue.RemoveRange(0, count);
                await CommitAsync(batch);
                ReportRefused();
            }
        }
        catch (Exception exception)
        {
            // CommitAsync answers its own callers; this only guards against a fault in the loop itself.
            LogFlushFailed(exception, Tenant);
            _queue.ForEach(pending => pending.Fail(exception));
            _queue.Clear();
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>Logs the inserts refused while the last batch was written: a line per batch, not per insert.</summary>
    private void ReportRefused()
    {
        if (_refused > 0)
        {
            LogOverloaded(Tenant, _refused);
            _refused = 0;
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        try
        {
            await EnsureLoadedAsync();
            for (var round = 1; ; round++)
            {
                var events = Number(batch, _latestId);
                try
                {
                    await log.CommitAsync(Tenant, events);
                    Acknowledge(batch, events);
                    await PublishAsync(events);
                    return;
                }
                catch (EventLogConflictException) when (round < MaxConflictRounds)
                {
                    var found = await RecoverAsync();
                    if (EndsWith(found, batch))
                    {
                        // An earlier attempt of this very batch was stored though its answer got lost.
                        Acknowledge(batch, found[^batch.Count..]);
                        return;
                    }
                }
            }
        }
        catch (StorageUnavailableException exception)
        {
            // A write that reached storage may have been applied though no answer came back; the next batch then
            // finds its rows, publishes them and moves past them.
            LogBatchNotConfirmed(Tenant, batch.Count, exception.NothingSent);
            var failure = Failure.Unavailable(
                exception.NothingSent ? InsertFailures.NotStored : InsertFailures.MayBeStored);
            batch.ForEach(pending => pending.Refuse(failure));
        }
        catch (EventLogConflictException)
        {
            // Every round collided with rows written elsewhere; a colliding transaction writes nothing.
            LogBatchNotConfirmed(Tenant, batch.Count, nothingSent: true);
            batch.ForEach(pending => pending.Refuse(Failure.Unavailable(InsertFailures.NotStored)));
        }
        catch (Exception exception)
        {
            LogBatchFailed(exception, Tenant, batch.Count);
            batch.ForEach(pending => pending.Fail(exception));
        }
    }

    private static List<StoredEvent> Number(List<PendingAppend> batch, long latestId) =>
        batch.Select((pending, index) => new StoredEvent(latestId + 1 + index, pending.Name, pending.Data)).ToList();

    private void Acknowledge(List<PendingAppend> batch, List<StoredEvent> events)
    {
        _latestId = Math.Max(_latestId, events[^1].Id);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Acknowledge(events[i]);
        }
    }

    /// <summary>
    /// Catches up with rows this activation did not write: an earlier batch whose failure was reported though
    /// it was stored, or another activation's writes. They are durable, so they are published too.
    /// </summary>
    private async Task<List<StoredEvent>> RecoverAsync()
    {
        var head = await log.ReadHeadAsync(Tenant);
        var found = head > _latestId ? await log.ReadRangeAsync(Tenant, _latestId, head) : [];
        LogRecovered(Tenant, _latestId, head);
        _latestId = Math.Max(_latestId, head);
        await PublishAsync(found);
        return found;
    }

    private static bool EndsWith(List<StoredEvent> found, List<PendingAppend> batch)
    {
        if (found.Count < batch.Count)
        {
            return false;
        }

        var tail = found[^batch.Count..];
        return tail.Zip(batch).All(pair => pair.First.Name == pair.Second.Name && pair.First.Data == pair.Second.Data);
    }

    private async Task PublishAsync(List<StoredEvent> events)
    {
        // One message per batch: each message costs a queue call here and a delivery to every gateway, so per-event
        // messages made a busy tenant's stream fall behind its log.
        foreach (var message in StreamMessages.Split(events, streams.MaxMessageChars))
        {
            try
            {
                await Stream.OnNextAsync(message);
            }
            catch (Exception exception)
            {
                // The events are durable and acknowledged; subscribers fill the gap from the log when the next id
                // arrives, so a failed publish loses nothing.
                LogPublishFailed(exception, Tenant, message.Events[0].Id, message.Events[^1].Id);
            }
        }
    }

    [LoggerMessage(EventId = (int)EventsLogId.BatchNotStored, Level = LogLevel.Warning,
        Message = "Storage did not confirm {Count} event(s) of tenant {Tenant} " +
            "(certainly not stored: {NothingSent}); the callers were told")]
    private partial void LogBatchNotConfirmed(string tenant, int count, bool nothingSent);

    [LoggerMessage(EventId = (int)EventsLogId.Overloaded, Level = LogLevel.Warning,
        Message = "Tenant {Tenant}: {Count} insert(s) waited past their callers' limit and were refused unwritten")]
    private partial void LogOverloaded(string tenant, int count);

    [LoggerMessage(EventId = (int)EventsLogId.BatchFailed, Level = LogLevel.Error,
        Message = "Writing {Count} event(s) of tenant {Tenant} failed")]
    private partial void LogBatchFailed(Exception exception, string tenant, int count);

    [LoggerMessage(EventId = (int)EventsLogId.FlushFailed, Level = LogLevel.Error,
        Message = "The insert queue of tenant {Tenant} failed")]
    private partial void LogFlushFailed(Exception exception, string tenant);

    [LoggerMessage(EventId = (int)EventsLogId.Recovered, Level = LogLevel.Warning,
        Message = "Tenant {Tenant}: the log had rows after id {Known}; caught up to id {Head}")]
    private partial void LogRecovered(string tenant, long known, long head);

    [LoggerMessage(EventId = (int)EventsLogId.PublishFailed, Level = LogLevel.Warning,
        Message = "Publishing events {FirstId} to {LastId} of tenant {Tenant} failed; subscribers will read them " +
            "from the log")]
    private partial void LogPublishFailed(Exception exception, string tenant, long firstId, long lastId);

    [LoggerMessage(EventId = (int)EventsLogId.Activated, Level = LogLevel.Information,
        Message = "Tenant {Tenant}: the event log writer is active on this silo")]
    private partial void LogActivated(string tenant);

    [LoggerMessage(EventId = (int)EventsLogId.SigningOut, Level = LogLevel.Information,
        Message = "Signing a user out of tenant {Tenant}")]
    private partial void LogSigningOut(string tenant);
}
