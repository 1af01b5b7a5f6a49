namespace Broker.EndToEnd.Cluster;

/// <summary>
/// One cluster for every test in <see cref="SharedClusterCollection"/>: starting processes costs seconds, so
/// tests share it and keep apart by using their own usernames and tenants.
/// </summary>
public sealed class SharedCluster : IAsyncLifetime
{
    /// <summary>Configured, so that tests can sign tokens that differ from a real one in one claim only.</summary>
    public const string JwtSecret = "end-to-end-jwt-secret-of-more-than-thirty-two-bytes";

    /// <summary>Short, so that a test sees keep-alive comments without waiting long.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    private BrokerCluster? _cluster;

    public BrokerCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    public BrokerApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await BrokerCluster.StartAsync(new ClusterOptions
        {
            JwtSecret = JwtSecret,
            HeartbeatInterval = HeartbeatInterval,
        });
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
public sealed class SharedClusterCollection : ICollectionFixture<SharedCluster>
{
    public const string Name = "Shared cluster";
}
