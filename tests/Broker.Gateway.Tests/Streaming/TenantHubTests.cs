using System.Runtime.InteropServices;
using System.Text;
using Broker.Events;
using Broker.Gateway.Configuration;
using Broker.Gateway.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Streaming;

public sealed class TenantHubTests : IAsyncDisposable
{
    private const string Tenant = "acme";
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly MemoryTenantLog _log = new();
    private readonly MemoryTenantFeed _feed = new();
    private readonly MemoryTicketSource _tickets = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger<TenantHubRegistry> _logger = new();
    private readonly TenantHubRegistry _hubs;

    public TenantHubTests()
    {
        var settings = new GatewaySettings { HeartbeatInterval = Heartbeat };
        _hubs = new TenantHubRegistry(_log, _feed, _tickets, _time, settings, _logger);
    }

    public ValueTask DisposeAsync() => _hubs.DisposeAsync();

    private static string Text(OutgoingFrame frame) => Encoding.UTF8.GetString(frame.Bytes.Span);

    /// <summary>
    /// Joins as a user whose credentials hold, and waits until the hub's first check has told where the log stands.
    /// </summary>
    private async Task<RecordingSubscriber> JoinAsync(string username = "bob", string tenant = Tenant,
        string stamp = RecordingSubscriber.DefaultStamp)
    {
        _tickets.Set(username, tenant, stamp);
        var subscriber = new RecordingSubscriber(username, stamp: stamp);
        var hub = _hubs.Join(tenant, subscriber).Hub;
        await Waiting.UntilAsync(() => hub.LastId >= 0, "the hub's first check");
        return subscriber;
    }

    private Task PublishAsync(StoredEvent stored) => _feed.PublishAsync(Tenant, new EventPublished(stored));

    [Fact]
    public async Task FirstCheck_SubscribesOnce_AndAnnouncesWhereTheLogStands()
    {
        _log.Append(Tenant, "a", "1");
        _log.Append(Tenant, "b", "2");
        var subscriber = new RecordingSubscriber("bob");

        _hubs.Join(Tenant, subscriber);

        Assert.Equal(OutgoingFrame.Watermark(2), await subscriber.NextAsync());
        Assert.Equal(1, _feed.SubscribeCount(Tenant));
    }

    [Fact]
    public async Task Events_AreFormattedOnce_AndTheSameBytesGoToEverySubscriber()
    {
        var first = await JoinAsync("bob");
        var second = new RecordingSubscriber("eve");
        _hubs.Join(Tenant, second);

        await PublishAsync(_log.Append(Tenant, "greeting", "\"hi\""));

        var toFirst = await first.NextEventAsync();
        var toSecond = await second.NextEventAsync();
        Assert.Equal("event:greeting\nid:1\ndata:\"hi\"\n\n", Text(toFirst));
        Assert.True(MemoryMarshal.TryGetArray(toFirst.Bytes, out var a));
        Assert.True(MemoryMarshal.TryGetArray(toSecond.Bytes, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(1, _feed.SubscribeCount(Tenant));
    }

    [Fact]
    public async Task RepeatedIds_AreDropped()
    {
        var subscriber = await JoinAsync();
        var stored = _log.Append(Tenant, "e", "1");

        await PublishAsync(stored);
        await PublishAsync(stored);
        await PublishAsync(_log.Append(Tenant, "e", "2"));

        Assert.Equal(1, (await subscriber.NextEventAsync()).Id);
        Assert.Equal(2, (await subscriber.NextEventAsync()).Id);
    }

    [Fact]
    public async Task AJumpInIds_IsFilledFromTheLog_BeforeTheNewEventPassesOn()
    {
        var subscriber = await JoinAsync();
        _log.Append(Tenant, "lost", "1");
        _log.Append(Tenant, "lost", "2");

        await PublishAsync(_log.Append(Tenant, "seen", "3"));

        Assert.Equal("event:lost\nid:1\ndata:1\n\n", Text(await subscriber.NextEventAsync()));
        Assert.Equal("event:lost\nid:2\ndata:2\n\n", Text(await subscriber.NextEventAsync()));
        Assert.Equal("event:seen\nid:3\ndata:3\n\n", Text(await subscriber.NextEventAsync()));
    }

    [Fact]
    public async Task PeriodicCheck_ReadsEventsTheStreamNeverDelivered()
    {
        var subscriber = await JoinAsync();
        _log.Append(Tenant, "silent", "1");

        _time.Advance(TenantHubRegistry.CheckInterval);

        Assert.Equal("event:silent\nid:1\ndata:1\n\n", Text(await subscriber.NextEventAsync()));
    }

    [Fact]
    public async Task PeriodicChecks_SubscribeAgain_WhenTheClusterDroppedTheSubscription()
    {
        var subscriber = await JoinAsync();
        var hub = _hubs.Find(Tenant)!;
        _feed.DropAll(Tenant);

        for (var check = 2; check <= TenantHub.SubscriptionCheckEvery; check++)
        {
            _time.Advance(TenantHubRegistry.CheckInterval);
            await Waiting.UntilAsync(() => hub.CheckCount == check, $"check {check}");
        }

        Assert.Equal(1, _feed.ActiveCount(Tenant));
        await PublishAsync(_log.Append(Tenant, "after", "1"));
        Assert.Equal(1, (await subscriber.NextEventAsync()).Id);
        Assert.Equal(2, _feed.SubscribeCount(Tenant));
    }

    [Fact]
    public async Task AStreamFoundBehindTheLog_IsRepairedFromTheLog_AndResubscribedAtTheNextCheck()
    {
        var subscriber = await JoinAsync();
        var hub = _hubs.Find(Tenant)!;
        _feed.DropAll(Tenant);
        _log.Append(Tenant, "lost", "1");

        _time.Advance(TenantHubRegistry.CheckInterval);
        Assert.Equal("event:lost\nid:1\ndata:1\n\n", Text(await subscriber.NextEventAsync()));
        _time.Advance(TenantHubRegistry.CheckInterval);
        await Waiting.UntilAsync(() => hub.CheckCount == 3, "the next check");

        Assert.Equal(1, _feed.ActiveCount(Tenant));
        await PublishAsync(_log.Append(Tenant, "live", "2"));
        Assert.Equal(2, (await subscriber.NextEventAsync()).Id);
    }

    [Fact]
    public async Task ASubscriberWhoseQueueIsFull_IsClosed_WithoutHoldingUpTheOthers()
    {
        var slow = new RecordingSubscriber("slow", capacity: 2);
        _hubs.Join(Tenant, slow);
        var fast = await JoinAsync("fast");

        for (var i = 0; i < 3; i++)
        {
            await PublishAsync(_log.Append(Tenant, "e", "1"));
        }

        for (var id = 1; id <= 3; id++)
        {
            Assert.Equal(id, (await fast.NextEventAsync()).Id);
        }

        Assert.Equal(CloseReason.TooSlow, slow.ClosedBecause);
    }

    [Fact]
    public async Task ASubscriberCutOff_IsLoggedOnce_HoweverManyEventsFindItsQueueFull()
    {
        var slow = new RecordingSubscriber("slow", capacity: 1);
        _hubs.Join(Tenant, slow);
        var fast = await JoinAsync("fast");

        for (var i = 0; i < 5; i++)
        {
            await PublishAsync(_log.Append(Tenant, "e", "1"));
        }

        for (var id = 1; id <= 5; id++)
        {
            Assert.Equal(id, (await fast.NextEventAsync()).Id);
        }

        Assert.Equal(CloseReason.TooSlow, slow.ClosedBecause);
        var cutOffs = _logger.Lines.Where(line => line.Id.Id == 5003).Select(line => line.Text);
        Assert.Equal(["Tenant acme: closing a stream of slow that does not keep up"], cutOffs);
    }

    [Fact]
    public async Task UserSignedOut_ClosesOnlyThatUsersSubscribers()
    {
        var bob = await JoinAsync("bob");
        var eve = await JoinAsync("eve");

        await _feed.PublishAsync(Tenant, new UserSignedOut("bob"));
        await PublishAsync(_log.Append(Tenant, "e", "1"));

        Assert.Equal(1, (await eve.NextEventAsync()).Id);
        Assert.Equal(CloseReason.SignedOut, bob.ClosedBecause);
        Assert.Null(eve.ClosedBecause);
    }

    [Fact]
    public async Task TheLastSubscriberLeaving_StopsTheHub_AndUnsubscribes()
    {
        var bob = new RecordingSubscriber("bob");
        var eve = new RecordingSubscriber("eve");
        var bobMembership = _hubs.Join(Tenant, bob);
        var eveMembership = _hubs.Join(Tenant, eve);
        await Waiting.UntilAsync(() => _feed.ActiveCount(Tenant) == 1, "the subscription");

        bobMembership.Dispose();
        Assert.Equal(1, _hubs.Count);
        eveMembership.Dispose();

        Assert.Equal(0, _hubs.Count);
        await Waiting.UntilAsync(() => _feed.ActiveCount(Tenant) == 0, "the subscription to end");
    }

    [Fact]
    public async Task EachTenant_HasItsOwnHub()
    {
        var acme = await JoinAsync();
        var other = await JoinAsync("carol", "other");

        await _feed.PublishAsync("other", new EventPublished(_log.Append("other", "o", "1")));
        await PublishAsync(_log.Append(Tenant, "a", "1"));

        Assert.Equal("event:o\nid:1\ndata:1\n\n", Text(await other.NextEventAsync()));
        Assert.Equal("event:a\nid:1\ndata:1\n\n", Text(await acme.NextEventAsync()));
        Assert.Equal(2, _hubs.Count);
        Assert.False(other.TryNext(out var extra) && extra.Kind == FrameKind.Event);
    }

    [Fact]
    public async Task ACheckThatFailsWhileTheHubStops_DoesNotFailTheStop()
    {
        var subscriber = await JoinAsync();
        var hub = _hubs.Find(Tenant)!;
        var checks = hub.CheckCount;
        _log.Pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.RequestCheck();
        await _log.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // As at gateway shutdown: the hub is told to stop while a cluster call is in flight, and that call then
        // fails because the cluster client has gone.
        var stopping = _hubs.DisposeAsync().AsTask();
        _log.Pending.SetException(new InvalidOperationException("the cluster client has stopped"));

        await stopping;
        Assert.Equal(checks, hub.CheckCount);
        Assert.Equal(0, _hubs.Count);
        GC.KeepAlive(subscriber);
    }

    [Fact]
    public async Task CredentialCheck_ClosesExactlyTheStreamsWhoseCredentialsNoLongerHold_AskingOncePerUser()
    {
        var bob = new[] { await JoinAsync("bob"), await JoinAsync("bob") };
        var revoked = await JoinAsync("carol");
        var deleted = await JoinAsync("dave");
        var moved = await JoinAsync("frank");
        var oldPassword = await JoinAsync("grace");
        var newPassword = await JoinAsync("grace", stamp: "stamp-2");
        var hub = _hubs.Find(Tenant)!;

        _tickets.Set("carol", Tenant, revoked: true);
        _tickets.Delete("dave");
        _tickets.Set("frank", "elsewhere");
        _tickets.Set("grace", Tenant, "stamp-2");
        _time.Advance(TenantHubRegistry.CheckInterval);
        await Waiting.UntilAsync(() => hub.CredentialCheckCount == 1, "the credential check");

        Assert.All(bob, subscriber => Assert.Null(subscriber.ClosedBecause));
        Assert.Null(newPassword.ClosedBecause);
        Assert.All([revoked, deleted, moved, oldPassword],
            subscriber => Assert.Equal(CloseReason.SignedOut, subscriber.ClosedBecause));
        Assert.All(["bob", "carol", "dave", "frank", "grace"],
            username => Assert.Equal(1, _tickets.CallsFor(username)));
    }

    [Fact]
    public async Task CredentialCheck_ThatCannotReachTheCluster_LeavesStreamsOpen_AndTheHubGoesOn()
    {
        var bob = await JoinAsync("bob");
        var hub = _hubs.Find(Tenant)!;
        _tickets.Failure = new TimeoutException("no silo answered");

        _time.Advance(TenantHubRegistry.CheckInterval);
        await Waiting.UntilAsync(() => hub.CredentialCheckCount == 1, "the failed credential check");
        await PublishAsync(_log.Append(Tenant, "live", "1"));

        Assert.Equal(1, (await bob.NextEventAsync()).Id);
        Assert.Null(bob.ClosedBecause);

        _tickets.Failure = null;
        _tickets.Set("bob", Tenant, revoked: true);
        _time.Advance(TenantHubRegistry.CheckInterval);
        await Waiting.UntilAsync(() => hub.CredentialCheckCount == 2, "the next credential check");

        Assert.Equal(CloseReason.SignedOut, bob.ClosedBecause);
    }

    [Fact]
    public async Task Heartbeats_AreOfferedToEverySubscriber_AndAFullQueueIsLeftOpen()
    {
        _tickets.Set("full", Tenant);
        var full = new RecordingSubscriber("full", capacity: 1);
        _hubs.Join(Tenant, full);
        var bob = await JoinAsync("bob");
        var eve = await JoinAsync("eve");

        _time.Advance(Heartbeat);

        Assert.Equal(OutgoingFrame.Heartbeat, await bob.NextOfKindAsync(FrameKind.Heartbeat));
        Assert.Equal(OutgoingFrame.Heartbeat, await eve.NextOfKindAsync(FrameKind.Heartbeat));
        Assert.Null(full.ClosedBecause);
        Assert.Equal(FrameKind.Watermark, (await full.NextAsync()).Kind);
        Assert.False(full.TryNext(out _));
    }

    [Fact]
    public async Task StreamsWhoseJwtExpired_AreClosedAtTheNextCheck_OthersStay()
    {
        var now = _time.GetUtcNow();
        var expiring = new RecordingSubscriber("bob", expiresAt: now + TimeSpan.FromSeconds(3));
        var later = new RecordingSubscriber("bob", expiresAt: now + TimeSpan.FromHours(1));
        var basic = new RecordingSubscriber("bob");
        _tickets.Set("bob", Tenant);
        var hub = _hubs.Join(Tenant, expiring).Hub;
        _hubs.Join(Tenant, later);
        _hubs.Join(Tenant, basic);
        await Waiting.UntilAsync(() => hub.LastId >= 0, "the hub's first check");

        _time.Advance(TenantHubRegistry.CheckInterval);
        await Waiting.UntilAsync(() => hub.CredentialCheckCount == 1, "the check");

        Assert.Equal(CloseReason.CredentialsExpired, expiring.ClosedBecause);
        Assert.Null(later.ClosedBecause);
        Assert.Null(basic.ClosedBecause);
    }
}
