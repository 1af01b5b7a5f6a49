namespace Broker.EndToEnd.Streaming;

/// <summary>
/// A whole installation stopped and started again (gateway, silo and storage that keeps its data on disk): users,
/// the generated JWT secret and every tenant's events are all still there.
/// </summary>
[Collection(RestartCollection.Name)]
public sealed class RestartTests : IAsyncLifetime
{
    private BrokerCluster _cluster = null!;
    private BrokerApi _api = null!;

    public async Task InitializeAsync()
    {
        // No configured JWT secret: the cluster's generated one must survive the restart too.
        _cluster = await BrokerCluster.StartAsync(new ClusterOptions { PersistentStorage = true });
        _api = new BrokerApi(_cluster.BaseAddress, _cluster.Options.AdminToken);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task AfterAFullRestart_TheStreamShowsTheLatestEventsAgain_AndNumberingGoesOn()
    {
        var user = TestUser.Unique("restart");
        await _api.CreateUserAsync(user);
        var jwt = await _api.LoginAsync(user);
        var auth = Credentials.Bearer(jwt);
        await _api.InsertAsync(auth, "price", """{"eur":10}""");
        await _api.InsertAsync(auth, "stock", """{"units":3}""");
        await _api.InsertAsync(auth, "price", """{"eur":"12,50 €"}""");
        await using (var before = await _api.OpenStreamAsync(auth))
        {
            await before.NextAsync(2);
        }

        await _cluster.StopAsync();
        await _cluster.StartAgainAsync();

        await using var after = await _api.OpenStreamAsync(auth);
        var snapshot = await after.NextAsync(2);
        await _api.InsertAsync(auth, "stock", """{"units":2}""");
        var live = await after.NextAsync();
        await using var resumed = await _api.OpenStreamAsync(user.Basic, lastEventId: "1");
        var missed = await resumed.NextAsync(3);

        snapshot[0].AssertIs("stock", "2", """{"units":3}""");
        snapshot[1].AssertIs("price", "3", """{"eur":"12,50 \u20AC"}""");
        live.AssertIs("stock", "4", """{"units":2}""");
        Assert.Equal(["2", "3", "4"], missed.Select(frame => frame.Id));
    }
}

[CollectionDefinition(Name)]
public sealed class RestartCollection
{
    public const string Name = "Restart";
}
