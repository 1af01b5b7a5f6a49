using Broker.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Events;

[Collection(GrainsCollection.Name)]
public sealed class TenantEventsGrainTests(GrainsFixture fixture)
{
    private ITenantEventsGrain Tenant(string tenant) => fixture.Client.GetGrain<ITenantEventsGrain>(tenant);

    private IEventLogReaderGrain Reader => fixture.Client.GetGrain<IEventLogReaderGrain>(0);

    [Fact]
    public async Task Append_AssignsContiguousIds_FromOne()
    {
        var tenant = Tenant(Unique.Name("ids"));

        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var outcome = await tenant.Append("tick", $"{{\"n\":{i}}}");
            ids.Add(outcome.Value!.Id);
        }

        Assert.Equal([1, 2, 3, 4, 5], ids);
        Assert.Equal(5, await tenant.GetLatestId());
    }

    [Fact]
    public async Task Append_ReturnsTheStoredEvent()
    {
        var outcome = await Tenant(Unique.Name("echo")).Append("greeting", "{\"text\":\"hi\"}");

        Assert.True(outcome.Succeeded);
        Assert.Equal(new StoredEvent(1, "greeting", "{\"text\":\"hi\"}"), outcome.Value);
    }

    [Fact]
    public async Task Append_Concurrently_GivesContiguousUniqueIds_InOneOrderWithTheLog()
    {
        var name = Unique.Name("burst");
        var tenant = Tenant(name);

        var appends = Enumerable.Range(0, 300)
            .Select(i => tenant.Append($"kind{i % 7}", $"{{\"i\":{i}}}"))
            .ToList();
        var stored = (await Task.WhenAll(appends)).Select(outcome => outcome.Value!).ToList();

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), stored.Select(e => e.Id).Order());
        var log = await ReadAllAsync(name);
        Assert.Equal(stored.OrderBy(e => e.Id), log);
        Assert.Equal(300, await tenant.GetLatestId());
    }

    [Fact]
    public async Task Append_Concurrently_SharesBatchTransactions()
    {
        var tenant = Tenant(Unique.Name("group"));
        var silo = fixture.Cluster.Silos[0].SiloAddress;
        var log = fixture.Cluster.GetSiloServiceProvider(silo).GetRequiredService<EventLogTable>();
        var before = log.BatchesCommitted;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => tenant.Append("e", $"{i}")));

        // 200 inserts sent at once cannot all be written one by one: most wait while a batch is in flight.
        Assert.InRange(log.BatchesCommitted - before, 1, 100);
        Assert.Equal(200, await tenant.GetLatestId());
    }

    [Fact]
    public async Task ReadLatest_ReturnsTheNewestEventOfEachName_InIdOrder()
    {
        var name = Unique.Name("latest");
        var tenant = Tenant(name);
        await tenant.Append("a", "1");
        await tenant.Append("b", "2");
        await tenant.Append("a", "3");
        await tenant.Append("c", "4");

        var latest = await Reader.ReadLatest(name);

        Assert.Equal([new(2, "b", "2"), new(3, "a", "3"), new StoredEvent(4, "c", "4")], latest);
    }

    [Fact]
    public async Task ReadLatest_AfterConcurrentAppendsOfOneName_HoldsTheHighestId()
    {
        var name = Unique.Name("same");
        var tenant = Tenant(name);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => tenant.Append("only", $"{i}")));

        var latest = Assert.Single(await Reader.ReadLatest(name));
        Assert.Equal(50, latest.Id);
        var log = await ReadAllAsync(name);
        Assert.Equal(log[^1], latest);
    }

    [Fact]
    public async Task ReadAfter_ReturnsTheEventsAfterAnId_UpToMax()
    {
        var name = Unique.Name("after");
        var tenant = Tenant(name);
        for (var i = 1; i <= 10; i++)
        {
            await tenant.Append("e", $"{i}");
        }

        var page = await Reader.ReadAfter(name, 3, 4);

        Assert.Equal([4L, 5, 6, 7], page.Select(e => e.Id));
        Assert.Equal(["4", "5", "6", "7"], page.Select(e => e.Data));
        Assert.Empty(await Reader.ReadAfter(name, 10, 5));
        Assert.Equal([9L, 10], (await Reader.ReadAfter(name, 8, 100)).Select(e => e.Id));
    }

    [Fact]
    public async Task ReadAfter_OfAnUnknownTenant_IsEmpty()
    {
        Assert.Empty(await Reader.ReadAfter(Unique.Name("nobody"), 0, 10));
        Assert.Empty(await Reader.ReadLatest(Unique.Name("nobody")));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("#hash")]
    [InlineData("why?")]
    [InlineData("back\\slash")]
    [InlineData("\"quoted\" and 'single'")]
    [InlineData("grüße")]
    [InlineData("日本語")]
    [InlineData("rocket 🚀")]
    [InlineData("%20 and +")]
    public async Task EventAndTenantNames_RoundTripUnchanged(string name)
    {
        var tenant = name + Unique.Name("");

        var stored = (await Tenant(tenant).Append(name, "true")).Value!;

        Assert.Equal(name, stored.Name);
        Assert.Equal([stored], await Reader.ReadLatest(tenant));
        Assert.Equal([stored], await Reader.ReadAfter(tenant, 0, 10));
    }

    [Theory]
    [InlineData("", "event name must not be empty")]
    [InlineData("a:b", "event name must not contain ':'")]
    [InlineData("line\nbreak", "event name must not contain control characters")]
    [InlineData("bell\u0007", "event name must not contain control characters")]
    [InlineData("del\u007f", "event name must not contain control characters")]
    public async Task Append_WithAnInvalidName_IsRefused(string name, string message)
    {
        var tenant = Unique.Name("bad");

        var outcome = await Tenant(tenant).Append(name, "1");

        Assert.Equal(new Failure(FailureKind.InvalidInput, message), outcome.Failure);
        Assert.Equal(0, await Tenant(tenant).GetLatestId());
    }

    [Fact]
    public async Task Append_WithANameOver64Characters_IsRefused()
    {
        var tenant = Tenant(Unique.Name("long"));

        var outcome = await tenant.Append(new string('x', 65), "1");

        var tooLong = new Failure(FailureKind.InvalidInput, "event name must be at most 64 characters");
        Assert.Equal(tooLong, outcome.Failure);
        Assert.True((await tenant.Append(new string('x', 64), "1")).Succeeded);
    }

    [Theory]
    [InlineData("", "event data must not be empty")]
    [InlineData("\"caf\u00e9\"", "event data must be pure ASCII JSON")]
    public async Task Append_WithInvalidData_IsRefused(string data, string message)
    {
        var outcome = await Tenant(Unique.Name("data")).Append("e", data);

        Assert.Equal(new Failure(FailureKind.InvalidInput, message), outcome.Failure);
    }

    [Fact]
    public async Task Append_WithDataOverTheLimit_IsRefused()
    {
        var data = "\"" + new string('x', EventRules.MaxDataBytes - 1) + "\"";

        var outcome = await Tenant(Unique.Name("huge")).Append("e", data);

        Assert.Equal(new Failure(FailureKind.InvalidInput, "event data must be at most 750000 bytes"), outcome.Failure);
    }

    [Fact]
    public async Task Append_WithDataLargerThanOneProperty_RoundTrips()
    {
        var name = Unique.Name("big");
        var data = "\"" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i:x5}|")) + "\"";
        Assert.True(data.Length > 64 * 1024);

        var stored = (await Tenant(name).Append("big", data)).Value!;

        Assert.Equal(data, Assert.Single(await Reader.ReadAfter(name, 0, 1)).Data);
        Assert.Equal(data, Assert.Single(await Reader.ReadLatest(name)).Data);
        Assert.Equal(1, stored.Id);
    }

    [Fact]
    public async Task Append_OfTheLargestData_FitsAzureLimits()
    {
        var name = Unique.Name("max");
        var data = "\"" + new string('y', EventRules.MaxDataBytes - 2) + "\"";

        var outcome = await Tenant(name).Append(new string('n', 64), data);

        Assert.True(outcome.Succeeded);
        Assert.Equal(data, Assert.Single(await Reader.ReadAfter(name, 0, 1)).Data);
    }

    [Fact]
    public async Task Append_PublishesEachEventOnTheTenantStream_InIdOrder()
    {
        var name = Unique.Name("live");
        var recorder = await StreamRecorder.SubscribeAsync(fixture.Client, name);
        var tenant = Tenant(name);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => tenant.Append("e", $"{i}")));

        await Eventually.True(() => Task.FromResult(recorder.Events.Count >= 40), "40 published events");
        var published = recorder.Events;
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), published.Select(e => e.Id));
        Assert.Equal(await ReadAllAsync(name), published);
    }

    [Fact]
    public async Task Append_Concurrently_PublishesOneMessagePerBatch()
    {
        var name = Unique.Name("onemessage");
        var recorder = await StreamRecorder.SubscribeAsync(fixture.Client, name);
        var tenant = Tenant(name);
        var log = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
            .GetRequiredService<EventLogTable>();
        var before = log.BatchesCommitted;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => tenant.Append("e", $"{i}")));

        await Eventually.True(() => Task.FromResult(recorder.Events.Count >= 200), "200 published events");
        var messages = recorder.Messages.Cast<EventsPublished>().ToList();
        // At most one message per batch written meanwhile (other tests' batches may count too), and 200 inserts
        // sent at once cannot all have gone one by one.
        Assert.InRange(messages.Count, 1, Math.Min(100, log.BatchesCommitted - before));
        Assert.All(messages, message => Assert.Equal(
            Enumerable.Range(0, message.Events.Count).Select(i => message.Events[0].Id + i),
            message.Events.Select(e => e.Id)));
        Assert.Equal(await ReadAllAsync(name), recorder.Events);
    }

    [Fact]
    public async Task SignOut_PublishesUserSignedOut()
    {
        var name = Unique.Name("signout");
        var recorder = await StreamRecorder.SubscribeAsync(fixture.Client, name);

        await Tenant(name).SignOut("alice");

        await Eventually.True(() => Task.FromResult(recorder.Messages.Count > 0), "a sign-out message");
        Assert.Equal([new UserSignedOut("alice")], recorder.Messages);
    }

    [Fact]
    public async Task Log_IsDurable_AndANewClusterCarriesOnNumbering()
    {
        var name = Unique.Name("durable");
        var first = await fixture.StartClusterAsync(GrainsFixture.NewServiceId());
        for (var i = 1; i <= 3; i++)
        {
            await first.Client.GetGrain<ITenantEventsGrain>(name).Append("e", $"{i}");
        }

        await first.StopAllSilosAsync();

        var second = await fixture.StartClusterAsync(GrainsFixture.NewServiceId());
        var tenant = second.Client.GetGrain<ITenantEventsGrain>(name);
        Assert.Equal(3, await tenant.GetLatestId());
        Assert.Equal(4, (await tenant.Append("e", "4")).Value!.Id);
        var log = await second.Client.GetGrain<IEventLogReaderGrain>(0).ReadAfter(name, 0, 100);
        Assert.Equal(["1", "2", "3", "4"], log.Select(e => e.Data));
    }

    private async Task<List<StoredEvent>> ReadAllAsync(string tenant)
    {
        var all = new List<StoredEvent>();
        while (true)
        {
            var page = await Reader.ReadAfter(tenant, all.Count, 100);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
        }
    }
}
