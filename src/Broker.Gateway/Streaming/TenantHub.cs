using System.Threading.Channels;
using Broker.Events;
using Broker.Gateway.Auth;
using Broker.Gateway.Http;

namespace Broker.Gateway.Streaming;

/// <summary>
/// One tenant's live events on this gateway: a single stream subscription, whatever the number of local
/// connections, and one loop that formats each event's frame once and offers the same bytes to every
/// connection's queue. The loop keeps the tenant's last forwarded id: it drops repeats, fills a jump in ids from
/// the log before passing on, and checks the log periodically to repair a silent or lossy stream. At the same
/// period it re-checks the credentials of its subscribers, so that a sign-out the stream did not deliver still
/// closes their connections. Its timers also keep every connection's keep-alive and expiry, so that an idle
/// connection holds no timer of its own.
/// </summary>
public sealed partial class TenantHub : IAsyncDisposable
{
    /// <summary>How many events one log read returns when the hub fills a gap.</summary>
    public const int FillPageSize = 256;

    /// <summary>Every how many periodic checks the hub asks whether the cluster still has its subscription.</summary>
    public const int SubscriptionCheckEvery = 3;

    private readonly ITenantLog _log;
    private readonly ITenantFeed _feed;
    private readonly ITicketSource _tickets;
    private readonly TimeProvider _time;
    private readonly TimeSpan _checkInterval;
    private readonly TimeSpan _heartbeatInterval;
    private readonly ILogger _logger;
    private readonly Channel<Signal> _inbox = Channel.CreateUnbounded<Signal>(new() { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private ITenantSubscriber[] _subscribers = [];
    private ITenantFeedSubscription? _subscription;
    private long _lastId = -1;
    private long _checks;
    private long _credentialChecks;
    private bool _streamSuspect;
    private Task _run = Task.CompletedTask;

    public TenantHub(string tenant, ITenantLog log, ITenantFeed feed, ITicketSource tickets, TimeProvider time,
        TimeSpan checkInterval, TimeSpan heartbeatInterval, ILogger logger)
    {
        Tenant = tenant;
        _log = log;
        _feed = feed;
        _tickets = tickets;
        _time = time;
        _checkInterval = checkInterval;
        _heartbeatInterval = heartbeatInterval;
        _logger = logger;
    }

    public string Tenant { get; }

    /// <summary>The id of the newest event forwarded; -1 until the hub knows where the log stands.</summary>
    public long LastId => Interlocked.Read(ref _lastId);

    /// <summary>How many checks against the log the hub has completed.</summary>
    public long CheckCount => Interlocked.Read(ref _checks);

    /// <summary>How many periodic credential checks the hub has completed, failed calls included.</summary>
    public long CredentialCheckCount => Interlocked.Read(ref _credentialChecks);

    /// <summary>Subscribes and begins forwarding; the first check runs at once.</summary>
    public void Start()
    {
        _inbox.Writer.TryWrite(Signal.Check);
        _run = Task.Run(RunAsync);
    }

    public void Add(ITenantSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }
    }

    /// <returns>How many subscribers remain.</returns>
    public int Remove(ITenantSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, candidate => !ReferenceEquals(candidate, subscriber));
            return _subscribers.Length;
        }
    }

    /// <summary>Asks the hub to compare its last id with the log now, as the periodic check does.</summary>
    public void RequestCheck() => _inbox.Writer.TryWrite(Signal.Check);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _inbox.Writer.TryComplete();
        await _run;
        if (_subscription is { } subscription)
        {
            try
            {
                await subscription.UnsubscribeAsync();
            }
            catch (Exception e)
            {
                // Best effort: the cluster also drops a subscription whose client is gone.
                LogUnsubscribeFailed(_logger, Tenant, e);
            }
        }

        _stop.Dispose();
    }

    private Task OnMessageAsync(TenantMessage message)
    {
        _inbox.Writer.TryWrite(new Signal(message));
        return Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        var checks = PostChecksAsync();
        var heartbeats = SendHeartbeatsAsync();
        try
        {
            await foreach (var signal in _inbox.Reader.ReadAllAsync(_stop.Token))
            {
                await HandleAsync(signal);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The last subscriber left.
        }

        await checks;
        await heartbeats;
    }

    private async Task HandleAsync(Signal signal)
    {
        try
        {
            switch (signal.Message)
            {
                case null:
                    await CheckAsync();
                    break;
                case EventPublished published:
                    await ReceiveAsync(published.Event);
                    break;
                case EventsPublished batch:
                    foreach (var storedEvent in batch.Events)
                    {
                        await ReceiveAsync(storedEvent);
                    }

                    break;
                case UserSignedOut signedOut:
                    SignOut(signedOut.Username);
                    break;
            }
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            // The hub must outlive any one failure; the next periodic check repairs what this left undone.
            LogHubError(_logger, Tenant, e.GetType().Name);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // The hub is stopping, possibly as the gateway shuts down and its cluster client is already gone: a
            // check or a gap fill cut short then has nobody left to serve and must not fail the shutdown.
        }
    }

    private async Task ReceiveAsync(StoredEvent storedEvent)
    {
        if (_lastId >= 0 && storedEvent.Id <= _lastId)
        {
            return;
        }

        if (_lastId >= 0 && storedEvent.Id > _lastId + 1)
        {
            try
            {
                await FillAsync(storedEvent.Id - 1);
            }
            catch (Exception e) when (!_stop.IsCancellationRequested)
            {
                // Live events go on; each connection fills the gap itself or reconnects with Last-Event-ID.
                LogGapNotFilled(_logger, Tenant, _lastId, storedEvent.Id, e.GetType().Name);
            }
        }

        Forward(storedEvent);
    }

    private async Task CheckAsync()
    {
        if (_subscription is null)
        {
            _subscription = await _feed.SubscribeAsync(Tenant, OnMessageAsync);
        }
        else if ((_streamSuspect || (_checks + 1) % SubscriptionCheckEvery == 0) &&
            !await _subscription.IsActiveAsync())
        {
            // Asking the cluster costs a pub-sub grain call, so it is done now and then, and whenever the log
            // was found ahead of the stream.
            LogResubscribing(_logger, Tenant);
            _subscription = await _feed.SubscribeAsync(Tenant, OnMessageAsync);
        }

        // Read after subscribing, so that nothing published in between is missed.
        var latest = await _log.GetLatestIdAsync(Tenant);
        Interlocked.Increment(ref _checks);
        _streamSuspect = _lastId >= 0 && latest > _lastId;
        if (_lastId < 0)
        {
            // Events published before the subscription existed never arrive: tell every connection where the
            // log stands so that each one reads what it has not seen.
            Interlocked.Exchange(ref _lastId, latest);
            Broadcast(OutgoingFrame.Watermark(latest));
        }
        else if (_streamSuspect)
        {
            LogFillingFromLog(_logger, Tenant, _lastId, latest);
            await FillAsync(latest);
        }
    }

    private async Task FillAsync(long upTo)
    {
        while (_lastId < upTo)
        {
            var page = await _log.ReadAfterAsync(Tenant, _lastId, (int)Math.Min(FillPageSize, upTo - _lastId));
            if (page.Count == 0)
            {
                return;
            }

            foreach (var storedEvent in page)
            {
                if (storedEvent.Id > _lastId)
                {
                    Forward(storedEvent);
                }
            }
        }
    }

    private void Forward(StoredEvent storedEvent)
    {
        Interlocked.Exchange(ref _lastId, storedEvent.Id);
        Broadcast(OutgoingFrame.Event(storedEvent.Id, SseFrame.Format(storedEvent)));
    }

    private void Broadcast(OutgoingFrame frame)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            // A closed subscriber stays here until its connection has ended, and every event until then finds its
            // queue refused again: only the close is worth a line.
            if (!subscriber.Offer(frame) && subscriber.Close(CloseReason.TooSlow))
            {
                LogSubscriberTooSlow(_logger, Tenant, subscriber.Username);
            }
        }
    }

    private void SignOut(string username)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (subscriber.Username == username)
            {
                subscriber.Close(CloseReason.SignedOut);
            }
        }
    }

    /// <summary>A stream message, or a request to check the log when <see cref="Message"/> is null.</summary>
    private readonly record struct Signal(TenantMessage? Message)
    {
        public static Signal Check => default;
    }
}
