using System.Collections.Concurrent;
using System.Threading.Channels;
using Broker.Events;
using Broker.Gateway.Auth;
using Broker.Gateway.Streaming;
using Broker.Identity;

namespace Broker.Gateway.Tests.Streaming;

/// <summary>An event log in memory, with the same reads as the grains serve.</summary>
internal sealed class MemoryTenantLog : ITenantLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<StoredEvent>> _events = [];

    /// <summary>When set, every read throws it, as an unreachable storage would.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, <see cref="GetLatestIdAsync"/> waits for it and throws what it fails with.</summary>
    public TaskCompletionSource? Pending { get; set; }

    /// <summary>Completed once a read is waiting on <see cref="Pending"/>.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StoredEvent Append(string tenant, string name, string data)
    {
        lock (_gate)
        {
            var events = _events.TryGetValue(tenant, out var list) ? list : _events[tenant] = [];
            var stored = new StoredEvent(events.Count + 1, name, data);
            events.Add(stored);
            return stored;
        }
    }

    public async Task<long> GetLatestIdAsync(string tenant)
    {
        if (Pending is { } pending)
        {
            Waiting.TrySetResult();
            await pending.Task;
        }

        ThrowIfFailing();
        lock (_gate)
        {
            return _events.GetValueOrDefault(tenant)?.Count ?? 0;
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(string tenant, long afterId, int max)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            IReadOnlyList<StoredEvent> page = (_events.GetValueOrDefault(tenant) ?? [])
                .Where(e => e.Id > afterId && e.Id <= afterId + max).ToArray();
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadLatestAsync(string tenant)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            IReadOnlyList<StoredEvent> latest = (_events.GetValueOrDefault(tenant) ?? [])
                .GroupBy(e => e.Name).Select(g => g.Last()).OrderBy(e => e.Id).ToArray();
            return Task.FromResult(latest);
        }
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}

/// <summary>A tenant stream in memory that a test publishes on, loses messages of, or drops.</summary>
internal sealed class MemoryTenantFeed : ITenantFeed
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<Subscription>> _subscriptions = new();

    public int SubscribeCount(string tenant) => _subscriptions.GetValueOrDefault(tenant)?.Count ?? 0;

    public int ActiveCount(string tenant) =>
        _subscriptions.GetValueOrDefault(tenant)?.Count(subscription => subscription.Active) ?? 0;

    public Task<ITenantFeedSubscription> SubscribeAsync(string tenant, Func<TenantMessage, Task> onMessage)
    {
        var subscription = new Subscription(onMessage);
        _subscriptions.GetOrAdd(tenant, _ => []).Add(subscription);
        return Task.FromResult<ITenantFeedSubscription>(subscription);
    }

    public async Task PublishAsync(string tenant, TenantMessage message)
    {
        foreach (var subscription in _subscriptions.GetValueOrDefault(tenant) ?? [])
        {
            if (subscription.Active)
            {
                await subscription.OnMessage(message);
            }
        }
    }

    /// <summary>Forgets every subscription of the tenant silently, as a cluster restart can.</summary>
    public void DropAll(string tenant)
    {
        foreach (var subscription in _subscriptions.GetValueOrDefault(tenant) ?? [])
        {
            subscription.Active = false;
        }
    }

    private sealed class Subscription(Func<TenantMessage, Task> onMessage) : ITenantFeedSubscription
    {
        public Func<TenantMessage, Task> OnMessage => onMessage;

        public bool Active { get; set; } = true;

        public Task<bool> IsActiveAsync() => Task.FromResult(Active);

        public Task UnsubscribeAsync()
        {
            Active = false;
            return Task.CompletedTask;
        }
    }
}

/// <summary>User tickets in memory, as the user grains would answer; counts the calls per user.</summary>
internal sealed class MemoryTicketSource : ITicketSource
{
    private readonly ConcurrentDictionary<string, UserTicket> _tickets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>When set, every call throws it, as an unreachable cluster would.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Makes the user exist in <paramref name="tenant"/> under <paramref name="stamp"/>.</summary>
    public void Set(string username, string tenant, string stamp = RecordingSubscriber.DefaultStamp,
        bool revoked = false) =>
        _tickets[username] = new UserTicket(username, tenant, stamp, revoked, TwoFactor: false, Scopes: []);

    public void Delete(string username) => _tickets.TryRemove(username, out _);

    public int CallsFor(string username) => _calls.GetValueOrDefault(username);

    public Task<UserTicket?> GetTicketAsync(string username)
    {
        _calls.AddOrUpdate(username, 1, (_, calls) => calls + 1);
        if (Failure is { } failure)
        {
            throw failure;
        }

        return Task.FromResult(_tickets.GetValueOrDefault(username));
    }
}

/// <summary>A hub subscriber that records what it is offered.</summary>
internal sealed class RecordingSubscriber(
    string username, int capacity = 1000, string stamp = "stamp-1", DateTimeOffset? expiresAt = null)
    : ITenantSubscriber
{
    public const string DefaultStamp = "stamp-1";

    private readonly Channel<OutgoingFrame> _frames = Channel.CreateBounded<OutgoingFrame>(capacity);

    public string Username => username;

    public string Stamp => stamp;

    public DateTimeOffset? ExpiresAt => expiresAt;

    public CloseReason? ClosedBecause { get; private set; }

    public bool Offer(OutgoingFrame frame) => _frames.Writer.TryWrite(frame);

    public bool Close(CloseReason reason)
    {
        if (ClosedBecause is not null)
        {
            return false;
        }

        ClosedBecause = reason;
        return true;
    }

    public async Task<OutgoingFrame> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _frames.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next event frame, skipping watermarks and heartbeats.</summary>
    public Task<OutgoingFrame> NextEventAsync() => NextOfKindAsync(FrameKind.Event);

    public async Task<OutgoingFrame> NextOfKindAsync(FrameKind kind)
    {
        while (true)
        {
            var frame = await NextAsync();
            if (frame.Kind == kind)
            {
                return frame;
            }
        }
    }

    public bool TryNext(out OutgoingFrame frame) => _frames.Reader.TryRead(out frame);
}
