using Broker.Testing;
using Orleans.TestingHost;

namespace Broker.Events;

/// <summary>Tenant messages over Azure Queue streams (<c>stream_provider azure_queue</c>) on Azurite.</summary>
[Collection(GrainsCollection.Name)]
public sealed class AzureQueueStreamTests(GrainsFixture fixture) : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await fixture.StartClusterAsync(GrainsFixture.NewServiceId(), streams: TenantStreamKind.AzureQueue);

    public Task DisposeAsync() => _cluster.StopAllSilosAsync();

    [Fact]
    public async Task Append_PublishesEveryEventInIdOrder_AndSignOutFollows()
    {
        var name = Unique.Name("queued");
        var recorder = await StreamRecorder.SubscribeAsync(_cluster.Client, name);
        var tenant = _cluster.Client.GetGrain<ITenantEventsGrain>(name);

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => tenant.Append("e", $"{i}")));
        await tenant.SignOut("alice");

        await Eventually.True(() => Task.FromResult(recorder.Messages.OfType<UserSignedOut>().Any()), "the sign-out");
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), recorder.Events.Select(e => e.Id));
        Assert.Equal([new UserSignedOut("alice")], recorder.Messages.OfType<UserSignedOut>());
    }

    [Fact]
    public async Task Append_OfLargeEventsTogether_SendsThemInPiecesThatFitQueueMessages()
    {
        var name = Unique.Name("pieces");
        var recorder = await StreamRecorder.SubscribeAsync(_cluster.Client, name);
        var tenant = _cluster.Client.GetGrain<ITenantEventsGrain>(name);
        var data = "\"" + new string('x', 20_000) + "\"";

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => tenant.Append("large", data)));

        await Eventually.True(() => Task.FromResult(recorder.Events.Count >= 12), "12 large events");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), recorder.Events.Select(e => e.Id));
        Assert.All(recorder.Messages.Cast<EventsPublished>(), message => Assert.InRange(message.Events.Count, 1, 2));
    }

    [Fact]
    public async Task Append_OfAnEventTooLargeForAQueueMessage_IsStored_AndLaterEventsStillArrive()
    {
        var name = Unique.Name("toolarge");
        var recorder = await StreamRecorder.SubscribeAsync(_cluster.Client, name);
        var tenant = _cluster.Client.GetGrain<ITenantEventsGrain>(name);
        var large = "\"" + new string('x', EventRules.MaxDataBytes - 2) + "\"";

        var stored = await tenant.Append("large", large);
        var next = await tenant.Append("small", "1");

        // The large one could not travel (a queue message holds 64 KiB of base64); it is in the log, and gateways
        // fill it from there when the next id arrives.
        Assert.Equal(1, stored.Value!.Id);
        await Eventually.True(() => Task.FromResult(recorder.Events.Any(e => e.Id == next.Value!.Id)), "event 2");
        Assert.Equal([2L], recorder.Events.Select(e => e.Id));
        var log = await _cluster.Client.GetGrain<IEventLogReaderGrain>(0).ReadAfter(name, 0, 10);
        Assert.Equal(large, log[0].Data);
    }
}
