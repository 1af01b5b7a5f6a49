namespace Broker.EndToEnd.Streaming;

/// <summary>
/// A whole installation stopped and started again (gateway, silo and storage that keeps its data on disk): users,
/// the generated JWT secret and every tenant's events are all still there.
/// </summary>
[Collection(PersistentClusterCollection.Name)]
public sealed class RestartTests(PersistentCluster persistent)
{
    private BrokerApi Api => persistent.Api;

    [Fact]
    public async Task AfterAFullRestart_TheStreamShowsTheLatestEventsAgain_AndNumberingGoesOn()
    {
        var user = TestUser.Unique("restart");
        await Api.CreateUserAsync(user);
        var auth = Credentials.Bearer(await Api.LoginAsync(user));
        await Api.InsertAsync(auth, "price", """{"eur":10}""");
        await Api.InsertAsync(auth, "stock", """{"units":3}""");
        await Api.InsertAsync(auth, "price", """{"eur":"12,50 €"}""");
        await using (var before = await Api.OpenStreamAsync(auth))
        {
            await before.NextAsync(2);
        }

        await persistent.Cluster.StopAsync();
        await persistent.Cluster.StartAgainAsync();

        await using var after = await Api.OpenStreamAsync(auth);
        var snapshot = await after.NextAsync(2);
        await Api.InsertAsync(auth, "stock", """{"units":2}""");
        var live = await after.NextAsync();
        await using var resumed = await Api.OpenStreamAsync(user.Basic, lastEventId: "1");
        var missed = await resumed.NextAsync(3);

        snapshot[0].AssertIs("stock", "2", """{"units":3}""");
        snapshot[1].AssertIs("price", "3", """{"eur":"12,50 \u20AC"}""");
        live.AssertIs("stock", "4", """{"units":2}""");
        Assert.Equal(["2", "3", "4"], missed.Select(frame => frame.Id));
    }
}
