namespace Broker.Cluster.Tests.Nodes;

/// <summary>How a multi-node test cluster is set up.</summary>
public sealed record MultiNodeOptions
{
    public int Silos { get; init; } = 2;

    public int Gateways { get; init; } = 2;

    /// <summary>Keep storage on disk, so that Azurite can be stopped and started again on the same data.</summary>
    public bool PersistentStorage { get; init; }

    /// <summary>The gateways' drain window in seconds (their <c>drain_duration</c>).</summary>
    public int DrainSeconds { get; init; } = 2;
}

/// <summary>
/// Azurite, several silos and several gateways, each a real process on free loopback ports, clustered through
/// the Azure Table membership of that Azurite, with a cluster id of their own. Tests kill and stop single nodes.
/// </summary>
public sealed class MultiNodeCluster : IAsyncDisposable
{
    public const string AdminToken = "cluster-admin-token-that-is-long-enough";

    private readonly MultiNodeOptions _options;
    private readonly string? _storageFolder;
    private readonly List<SiloProcess> _silos = [];
    private readonly List<GatewayProcess> _gateways = [];
    private AzuriteServer? _azurite;

    private MultiNodeCluster(MultiNodeOptions options)
    {
        _options = options;
        if (options.PersistentStorage)
        {
            _storageFolder = Path.Combine(Path.GetTempPath(), "broker-cluster-" + Guid.NewGuid().ToString("N"));
        }
    }

    public string ClusterId { get; } = "nodes" + Guid.NewGuid().ToString("N")[..12];

    public string ServiceId { get; } = "nodes" + Guid.NewGuid().ToString("N")[..12];

    public AzuriteServer Storage => _azurite ?? throw new InvalidOperationException("Storage did not start.");

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IReadOnlyList<GatewayProcess> Gateways => _gateways;

    /// <summary>Where the processes' output is kept, to read after a failed run (ignored by git).</summary>
    public static string LogFolder { get; } = Path.Combine(RepositoryPaths.Root, ".run", "test", "cluster");

    /// <summary>The last lines of every process, for failure messages.</summary>
    public string Logs => string.Join('\n',
        _silos.Select((silo, i) => $"--- silo {i + 1} ---\n{Tail(silo.Output)}").Concat(
            _gateways.Select((gateway, i) => $"--- gateway {i + 1} ---\n{Tail(gateway.Output)}")));

    public static async Task<MultiNodeCluster> StartAsync(MultiNodeOptions options)
    {
        var cluster = new MultiNodeCluster(options);
        try
        {
            cluster._azurite = options.PersistentStorage
                ? await AzuriteServer.StartPersistentAsync(cluster._storageFolder!)
                : await AzuriteServer.StartAsync();

            // All at once: silos join one another through the membership table whatever order they come in, and a
            // gateway waits for the first silo by itself, so its own start-up overlaps theirs.
            var silos = Enumerable.Range(1, options.Silos).Select(cluster.StartSiloAsync).ToList();
            var gateways = Enumerable.Range(1, options.Gateways).Select(cluster.StartGatewayAsync).ToList();
            try
            {
                await Task.WhenAll(silos.Cast<Task>().Concat(gateways));
            }
            finally
            {
                // Whatever started is disposed with the cluster, even when another node failed to start.
                cluster._silos.AddRange(silos.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
                cluster._gateways.AddRange(
                    gateways.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The silo whose log says it writes <paramref name="tenant"/>'s event log (1-based), or null.</summary>
    public int? SiloHosting(string tenant)
    {
        var line = $"Tenant {tenant}: the event log writer is active on this silo";
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            if (!_silos[i].HasExited && _silos[i].Output.Contains(line, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
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

    private Task<SiloProcess> StartSiloAsync(int number) =>
        SiloProcess.StartAsync(new SiloSettings(Storage.ConnectionString, ClusterId, ServiceId)
        {
            LogFile = Path.Combine(LogFolder, $"{ClusterId}-silo-{number}.log"),
        });

    private Task<GatewayProcess> StartGatewayAsync(int number) =>
        GatewayProcess.StartAsync(new GatewaySettings(Storage.ConnectionString, ClusterId, ServiceId, AdminToken)
        {
            HeartbeatInterval = TimeSpan.FromSeconds(2),
            LogFile = Path.Combine(LogFolder, $"{ClusterId}-gateway-{number}.log"),
            Extra = new Dictionary<string, string>
            {
                ["drain_duration"] = _options.DrainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(40));
}
