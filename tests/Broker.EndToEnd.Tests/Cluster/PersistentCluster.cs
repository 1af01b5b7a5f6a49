namespace Broker.EndToEnd.Cluster;

/// <summary>
/// A cluster whose storage keeps its data on disk, for tests that stop processes and start them again. Its own
/// collection, so that those stops never disturb the tests of the shared cluster.
/// </summary>
public sealed class PersistentCluster : IAsyncLifetime
{
    private BrokerCluster? _cluster;

    public BrokerCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    public BrokerApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // No configured JWT secret: the cluster's generated one must survive a restart too.
        _cluster = await BrokerCluster.StartAsync(new ClusterOptions { PersistentStorage = true });
        Api = new BrokerApi(_cluster.BaseAddress, _cluster.Options.AdminToken);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PersistentClusterCollection : ICollectionFixture<PersistentCluster>
{
    public const string Name = "Persistent cluster";
}

/// <summary>
/// For test classes that start and restart a persistent cluster of their own; kept apart from the shared cluster
/// for the same reason as <see cref="PersistentClusterCollection"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RestartCollection
{
    public const string Name = "Restart";
}
