using System.Globalization;
using Broker.Testing;

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

    /// <summary>
    /// The second gateway's JWT lifetime: short enough for a test to see a stream end at expiry, long enough that a
    /// loaded machine still opens the stream before it (an expired token gets 401 at <c>/sse</c>).
    /// </summary>
    public const int SecondGatewayJwtExpirySeconds = 8;

    /// <summary>The one origin the second gateway allows.</summary>
    public const string SecondGatewayOrigin = "https://app.example.com";

    private readonly SemaphoreSlim _secondGatewayStart = new(1, 1);
    private BrokerCluster? _cluster;
    private GatewayProcess? _secondGateway;
    private BrokerApi? _secondApi;

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

    /// <summary>
    /// A second gateway of the same cluster, started on first use, with settings of its own: a short
    /// <c>jwt_expiry</c>, one allowed <c>origin</c> and the password strength check on.
    /// </summary>
    public async Task<BrokerApi> SecondGatewayAsync()
    {
        await _secondGatewayStart.WaitAsync();
        try
        {
            if (_secondApi is null)
            {
                _secondGateway = await Cluster.StartExtraGatewayAsync(new Dictionary<string, string>
                {
                    ["jwt_expiry"] = SecondGatewayJwtExpirySeconds.ToString(CultureInfo.InvariantCulture),
                    ["origin"] = SecondGatewayOrigin,
                    ["password_checker"] = "true",
                });
                _secondApi = new BrokerApi(_secondGateway.BaseAddress, Cluster.Options.AdminToken);
            }

            return _secondApi;
        }
        finally
        {
            _secondGatewayStart.Release();
        }
    }

    public async Task DisposeAsync()
    {
        _secondApi?.Dispose();
        if (_secondGateway is not null)
        {
            await _secondGateway.DisposeAsync();
        }

        _secondGatewayStart.Dispose();
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
