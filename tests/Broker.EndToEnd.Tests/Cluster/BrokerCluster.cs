using Broker.Testing;

namespace Broker.EndToEnd.Cluster;

/// <summary>How a test cluster is set up.</summary>
public sealed record ClusterOptions
{
    public const string DefaultAdminToken = "e2e-admin-token-that-is-long-enough";

    public string AdminToken { get; init; } = DefaultAdminToken;

    /// <summary>A configured JWT secret, or null to let the cluster generate and keep its own.</summary>
    public string? JwtSecret { get; init; }

    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>Keep storage on disk, so that <see cref="BrokerCluster.StopAsync"/> loses nothing.</summary>
    public bool PersistentStorage { get; init; }
}

/// <summary>
/// Azurite, one silo and one gateway, each a real process on free loopback ports, with their own cluster and
/// service ids.
/// </summary>
public sealed class BrokerCluster : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly string? _storageFolder;
    private readonly string _clusterId = "e2e" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _serviceId = "e2e" + Guid.NewGuid().ToString("N")[..12];
    private AzuriteServer? _azurite;
    private SiloProcess? _silo;
    private GatewayProcess? _gateway;
    private int? _gatewayPort;

    private BrokerCluster(ClusterOptions options)
    {
        _options = options;
        if (options.PersistentStorage)
        {
            _storageFolder = Path.Combine(Path.GetTempPath(), "broker-e2e-" + Guid.NewGuid().ToString("N"));

            // The gateway is started again on this port after a restart.
            _gatewayPort = FreePorts.NextStable();
        }
    }

    public ClusterOptions Options => _options;

    /// <summary>The gateway's address; it stays the same across <see cref="StopAsync"/> and a new start.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{_gatewayPort}/");

    /// <summary>What the processes printed last, for failure messages.</summary>
    public string Logs =>
        $"--- silo ---\n{_silo?.Output}\n--- gateway ---\n{_gateway?.Output}";

    public static async Task<BrokerCluster> StartAsync(ClusterOptions options)
    {
        var cluster = new BrokerCluster(options);
        try
        {
            cluster._azurite = options.PersistentStorage
                ? await AzuriteServer.StartPersistentAsync(cluster._storageFolder!)
                : await AzuriteServer.StartAsync();
            await cluster.StartBrokerAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Stops the gateway, then the silo, then storage, each with SIGTERM, as an operator would.</summary>
    public async Task StopAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
            _gateway = null;
        }

        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
            _silo = null;
        }

        if (_azurite is not null)
        {
            await _azurite.StopAsync();
        }
    }

    /// <summary>
    /// Starts one more gateway of this cluster on a free port, with <paramref name="extra"/> settings on top of the
    /// cluster's own; the caller disposes it.
    /// </summary>
    public Task<GatewayProcess> StartExtraGatewayAsync(IReadOnlyDictionary<string, string> extra) =>
        GatewayProcess.StartAsync(
            new GatewaySettings(_azurite!.ConnectionString, _clusterId, _serviceId, _options.AdminToken)
            {
                JwtSecret = _options.JwtSecret,
                HeartbeatInterval = _options.HeartbeatInterval,
                Extra = extra,
                LogFile = Path.Combine(LogFolder, $"{_clusterId}-gateway-{Guid.NewGuid().ToString("N")[..6]}.log"),
            });

    /// <summary>Stops storage alone (with SIGTERM, so that it saves its data), as an outage would.</summary>
    public Task StopStorageAsync() => _azurite!.StopAsync();

    /// <summary>Freezes storage: requests to it hang, as with a stalled storage account, until resumed.</summary>
    public Task PauseStorageAsync() => _azurite!.PauseAsync();

    public Task ResumeStorageAsync() => _azurite!.ResumeAsync();

    /// <summary>Starts storage again on the same ports and data after <see cref="StopStorageAsync"/>.</summary>
    public Task StartStorageAgainAsync() => _azurite!.RestartAsync();

    /// <summary>After <see cref="StopAsync"/>: starts storage, a new silo and a new gateway on the same port.</summary>
    public async Task StartAgainAsync()
    {
        await _azurite!.RestartAsync();
        await StartBrokerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (_storageFolder is not null && Directory.Exists(_storageFolder))
        {
            Directory.Delete(_storageFolder, recursive: true);
        }
    }

    /// <summary>Where the processes' output is kept, to read after a failed run (ignored by git).</summary>
    public string LogFolder { get; } = Path.Combine(RepositoryPaths.Root, ".run", "test", "e2e");

    private async Task StartBrokerAsync()
    {
        var storage = _azurite!.ConnectionString;
        _silo = await SiloProcess.StartAsync(new SiloSettings(storage, _clusterId, _serviceId)
        {
            LogFile = Path.Combine(LogFolder, $"{_clusterId}-silo.log"),
        });
        _gateway = await GatewayProcess.StartAsync(
            new GatewaySettings(storage, _clusterId, _serviceId, _options.AdminToken)
            {
                JwtSecret = _options.JwtSecret,
                HeartbeatInterval = _options.HeartbeatInterval,
                LogFile = Path.Combine(LogFolder, $"{_clusterId}-gateway.log"),
            },
            _gatewayPort);
        _gatewayPort = _gateway.Port;
    }
}
