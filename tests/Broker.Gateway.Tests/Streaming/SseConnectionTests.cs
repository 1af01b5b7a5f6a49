using System.IO.Pipelines;
using System.Text;
using Broker.Events;
using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Broker.Gateway.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Gateway.Tests.Streaming;

public sealed class SseConnectionTests : IAsyncDisposable
{
    private const string Tenant = "acme";
    private const string Stamp = "stamp-1";
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly MemoryTenantLog _log = new();
    private readonly MemoryTenantFeed _feed = new();
    private readonly MemoryTicketSource _tickets = new();
    private readonly FakeTimeProvider _time = new();
    private readonly TenantHubRegistry _hubs;
    private readonly StreamingServices _services;
    private readonly CancellationTokenSource _clientGone = new();
    private readonly Pipe _wire = new();
    private readonly StringBuilder _received = new();

    public SseConnectionTests()
    {
        var settings = new GatewaySettings { HeartbeatInterval = Heartbeat };
        _hubs = new TenantHubRegistry(_log, _feed, _tickets, _time, settings, NullLogger<TenantHubRegistry>.Instance);
        _services = new StreamingServices(_log, _hubs, _time, settings, new Lifetime(),
            NullLogger<SseConnection>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _clientGone.CancelAsync();
        await _hubs.DisposeAsync();
        _clientGone.Dispose();
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    private (SseConnection Connection, Task Run, DefaultHttpContext Context) Open(
        long? lastEventId = null, DateTimeOffset? expiresAt = null, string username = "bob")
    {
        var context = new DefaultHttpContext { RequestAborted = _clientGone.Token };
        context.Response.Body = _wire.Writer.AsStream();
        _tickets.Set(username, Tenant, Stamp);
        var connection = new SseConnection(new BrokerUser(username, Tenant, [], Stamp, expiresAt), _services);
        var run = Task.Run(async () =>
        {
            await connection.RunAsync(context, lastEventId);
            await _wire.Writer.CompleteAsync();
        });
        return (connection, run, context);
    }

    private async Task<string> ReceivedAsync(string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_received.ToString() != expected)
        {
            if (_received.Length > expected.Length)
            {
                Assert.Equal(expected, _received.ToString());
            }

            var result = await _wire.Reader.ReadAsync(timeout.Token);
            foreach (var segment in result.Buffer)
            {
                _received.Append(Encoding.UTF8.GetString(segment.Span));
            }

            _wire.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        return _received.ToString();
    }

    private async Task<string> UntilClosedAsync(Task run)
    {
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await _wire.Reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                _received.Append(Encoding.UTF8.GetString(segment.Span));
            }

            _wire.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return _received.ToString();
            }
        }
    }

    private Task PublishAsync(StoredEvent stored) => _feed.PublishAsync(Tenant, new EventPublished(stored));

    private async Task HubReadyAsync() =>
        await Waiting.UntilAsync(() => _hubs.Find(Tenant)?.LastId >= 0, "the hub's first check");

    [Fact]
    public async Task FreshConnect_SendsTheLatestOfEveryName_InIdOrder_ThenLiveEvents()
    {
        _log.Append(Tenant, "a", "1");
        _log.Append(Tenant, "b", "2");
        _log.Append(Tenant, "a", "3");
        var (_, _, context) = Open();

        await ReceivedAsync("event:b\nid:2\ndata:2\n\nevent:a\nid:3\ndata:3\n\n");
        await HubReadyAsync();
        await PublishAsync(_log.Append(Tenant, "c", "4"));

        await ReceivedAsync("event:b\nid:2\ndata:2\n\nevent:a\nid:3\ndata:3\n\nevent:c\nid:4\ndata:4\n\n");
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("text/event-stream", context.Response.ContentType);
        Assert.Equal("no-cache", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("no", context.Response.Headers["X-Accel-Buffering"].ToString());
    }

    [Fact]
    public async Task KnownLastEventId_ReplaysEverythingAfterIt_ThenLiveEvents()
    {
        _log.Append(Tenant, "a", "1");
        _log.Append(Tenant, "a", "2");
        _log.Append(Tenant, "b", "3");
        Open(lastEventId: 1);

        await ReceivedAsync("event:a\nid:2\ndata:2\n\nevent:b\nid:3\ndata:3\n\n");
        await HubReadyAsync();
        await PublishAsync(_log.Append(Tenant, "a", "4"));

        await ReceivedAsync("event:a\nid:2\ndata:2\n\nevent:b\nid:3\ndata:3\n\nevent:a\nid:4\ndata:4\n\n");
    }

    [Fact]
    public async Task UnknownLastEventId_GetsTheSnapshot()
    {
        _log.Append(Tenant, "a", "1");
        _log.Append(Tenant, "a", "2");
        Open(lastEventId: 3);

        await ReceivedAsync("event:a\nid:2\ndata:2\n\n");
    }

    [Fact]
    public async Task AGapInLiveFrames_IsFilledFromTheLog()
    {
        var (connection, _, _) = Open();
        await HubReadyAsync();
        _log.Append(Tenant, "a", "1");
        _log.Append(Tenant, "a", "2");
        var third = _log.Append(Tenant, "a", "3");

        connection.Offer(OutgoingFrame.Event(3, SseFrame.Format(third)));

        await ReceivedAsync("event:a\nid:1\ndata:1\n\nevent:a\nid:2\ndata:2\n\nevent:a\nid:3\ndata:3\n\n");
    }

    [Fact]
    public async Task LiveFrames_AlreadyCoveredByTheSnapshot_AreSkipped()
    {
        var stored = _log.Append(Tenant, "a", "1");
        var (connection, _, _) = Open();
        await ReceivedAsync("event:a\nid:1\ndata:1\n\n");

        connection.Offer(OutgoingFrame.Event(1, SseFrame.Format(stored)));
        connection.Offer(OutgoingFrame.Event(2, SseFrame.Format(_log.Append(Tenant, "b", "2"))));

        await ReceivedAsync("event:a\nid:1\ndata:1\n\nevent:b\nid:2\ndata:2\n\n");
    }

    [Fact]
    public async Task Heartbeats_AreCommentLines_AtTheConfiguredInterval()
    {
        Open();
        await HubReadyAsync();

        _time.Advance(Heartbeat);
        await ReceivedAsync(":\n");
        _time.Advance(Heartbeat);

        await ReceivedAsync(":\n:\n");
    }

    [Fact]
    public async Task TheStream_EndsWhenTheJwtExpires()
    {
        var (connection, run, _) = Open(expiresAt: _time.GetUtcNow() + TimeSpan.FromSeconds(10));
        await HubReadyAsync();

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("", await UntilClosedAsync(run));
        Assert.Equal(CloseReason.CredentialsExpired, connection.ClosedBecause);
    }

    [Fact]
    public async Task TheStream_EndsWhenTheUserSignsOut()
    {
        var (connection, run, _) = Open(username: "bob");
        await HubReadyAsync();

        await _feed.PublishAsync(Tenant, new UserSignedOut("bob"));

        Assert.Equal("", await UntilClosedAsync(run));
        Assert.Equal(CloseReason.SignedOut, connection.ClosedBecause);
        await Waiting.UntilAsync(() => _hubs.Count == 0, "the hub to stop");
    }

    [Fact]
    public async Task TheStream_EndsAtTheNextCheck_WhenTheUsersSignOutNeverArrived()
    {
        var (connection, run, _) = Open(username: "bob");
        await HubReadyAsync();

        _tickets.Set("bob", Tenant, "stamp-after-a-password-change");
        _time.Advance(TenantHubRegistry.CheckInterval);

        Assert.Equal("", await UntilClosedAsync(run));
        Assert.Equal(CloseReason.SignedOut, connection.ClosedBecause);
    }

    [Fact]
    public async Task UnreachableStorage_AtConnect_IsA503WithAJsonError()
    {
        _log.Failure = new StorageUnavailableException("down");
        var (_, run, context) = Open();

        var body = await UntilClosedAsync(run);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("{\"error\":\"storage is unavailable; try again shortly\"}", body);
    }

    [Fact]
    public void Offer_RefusesFramesBeyondTheQueueCapacity()
    {
        var connection = new SseConnection(new BrokerUser("bob", Tenant, [], Stamp, null), _services);

        for (var i = 0; i < SseConnection.QueueCapacity; i++)
        {
            Assert.True(connection.Offer(OutgoingFrame.Heartbeat));
        }

        Assert.False(connection.Offer(OutgoingFrame.Heartbeat));
    }
}
