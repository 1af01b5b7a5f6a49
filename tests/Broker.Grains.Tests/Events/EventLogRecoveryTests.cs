using Broker.Storage;
using Broker.Testing;

namespace Broker.Events;

/// <summary>
/// The tenant grain meets rows it did not write: an earlier batch reported as failed that storage kept after all,
/// or a second writer. Such rows are written here straight through <see cref="EventLogTable"/>.
/// </summary>
[Collection(GrainsCollection.Name)]
public sealed class EventLogRecoveryTests(GrainsFixture fixture)
{
    private EventLogTable Table => new(new BrokerStorage(fixture.Azurite.ConnectionString));

    [Fact]
    public async Task Append_AfterRowsWrittenElsewhere_CatchesUp_PublishesThem_AndNumbersOnFromThem()
    {
        var name = Unique.Name("behind");
        var tenant = fixture.Client.GetGrain<ITenantEventsGrain>(name);
        Assert.Equal(0, await tenant.GetLatestId());
        var recorder = await StreamRecorder.SubscribeAsync(fixture.Client, name);
        await Table.CommitAsync(name, [new StoredEvent(1, "elsewhere", "1"), new StoredEvent(2, "elsewhere", "2")]);

        var stored = (await tenant.Append("here", "3")).Value!;

        Assert.Equal(new StoredEvent(3, "here", "3"), stored);
        Assert.Equal(3, await tenant.GetLatestId());
        await Eventually.True(() => Task.FromResult(recorder.Events.Count >= 3), "three published events");
        Assert.Equal([1L, 2, 3], recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Append_WhoseBatchWasAlreadyStored_IsAnsweredWithTheStoredIds()
    {
        var name = Unique.Name("already");
        var tenant = fixture.Client.GetGrain<ITenantEventsGrain>(name);
        Assert.Equal(0, await tenant.GetLatestId());
        await Table.CommitAsync(name, [new StoredEvent(1, "same", "{\"x\":1}")]);

        var stored = (await tenant.Append("same", "{\"x\":1}")).Value!;

        Assert.Equal(new StoredEvent(1, "same", "{\"x\":1}"), stored);
        var log = await fixture.Client.GetGrain<IEventLogReaderGrain>(0).ReadAfter(name, 0, 10);
        Assert.Equal([stored], log);
    }
}
