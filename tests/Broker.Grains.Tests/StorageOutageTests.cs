using Broker.Events;
using Broker.Identity;
using Broker.Testing;

namespace Broker;

/// <summary>
/// Runs on an Azurite of its own, since it kills it. Each call must come back as a 503-worthy failure quickly,
/// well inside Orleans' 30 s response time-out, or the assertions would see a time-out instead.
/// </summary>
[Collection(GrainsCollection.Name)]
public sealed class StorageOutageTests(GrainsFixture fixture)
{
    [Fact]
    public async Task Calls_WhileStorageIsDown_FailWithStorageUnavailable_AndWorkAgainAfter()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var cluster = await fixture.StartClusterAsync(GrainsFixture.NewServiceId(), azurite.ConnectionString);
        var tenant = cluster.Client.GetGrain<ITenantEventsGrain>("outage");
        var user = cluster.Client.GetGrain<IUserGrain>("outage-user");
        await tenant.Append("e", "1");
        await user.Create(Users.New("outage"));

        await azurite.KillAsync();

        Assert.Equal(Failure.Unavailable(InsertFailures.NotStored), (await tenant.Append("e", "2")).Failure);
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => user.Update(Users.Changes(email: Change<string>.To("new@example.com"))));
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => cluster.Client.GetGrain<IEventLogReaderGrain>(0).ReadAfter("outage", 0, 10));
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => cluster.Client.GetGrain<IUserDirectoryGrain>(0).List(null, 10));
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => cluster.Client.GetGrain<IUserGrain>("never-seen").Get());

        // What is already in memory keeps answering: authenticated requests go on being checked.
        Assert.Equal("outage-user", (await user.GetTicket())!.Username);
        Assert.Equal("someone@example.com", (await user.Get()).Value!.Email);

        await azurite.RestartAsync();
        await Eventually.True(async () => (await tenant.Append("e", "3")).Succeeded, "appends to work again");
    }

    /// <summary>
    /// Storage that hangs rather than refusing: of two appends, the one whose write is under way waits for
    /// storage, while the one queued behind it is refused unwritten as soon as its caller's limit is up.
    /// </summary>
    [Fact]
    public async Task Append_QueuedBehindAWriteThatHangs_IsRefusedUnwrittenWhenItsWaitIsUp()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var cluster = await fixture.StartClusterAsync(GrainsFixture.NewServiceId(), azurite.ConnectionString);
        var tenant = cluster.Client.GetGrain<ITenantEventsGrain>("stall");
        await tenant.Append("e", "1");

        await azurite.PauseAsync();
        Task<Outcome<StoredEvent>>[] appends;
        Task<Outcome<StoredEvent>> answeredFirst;
        try
        {
            var wait = TimeSpan.FromSeconds(1);
            appends = [tenant.Append("e", "\"x\"", wait), tenant.Append("e", "\"y\"", wait)];
            answeredFirst = await Task.WhenAny(appends);
        }
        finally
        {
            await azurite.ResumeAsync();
        }

        Assert.Equal(Failure.Unavailable(InsertFailures.Overloaded), (await answeredFirst).Failure);
        var landed = (await appends.Single(append => append != answeredFirst)).Value!;
        Assert.Equal(2, landed.Id);
        Assert.Equal(3, (await tenant.Append("e", "3")).Value!.Id);
        var log = await cluster.Client.GetGrain<IEventLogReaderGrain>(0).ReadAfter("stall", 0, 10);
        Assert.Equal([(1L, "1"), (2L, landed.Data), (3L, "3")], log.Select(e => (e.Id, e.Data)));
    }
}
