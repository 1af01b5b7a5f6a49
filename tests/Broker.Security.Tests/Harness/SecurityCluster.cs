using Broker.Testing;
using GatewayProcessSettings = Broker.Testing.GatewaySettings;

namespace Broker.Security.Harness;

/// <summary>
/// The cluster the attacks run against, each part a real process on loopback: Azurite, one silo and three
/// gateways. <see cref="Main"/> and <see cref="Second"/> are configured alike (two gateways of one cluster);
/// <see cref="Strict"/> keeps the default admin token, checks password strength and allows few streams. Every
/// process logs at Information (Broker's own categories at Debug) into a file, so that a test can search all
/// that was written for secrets.
/// </summary>
public sealed class SecurityCluster : IAsyncLifetime
{
    /// <summary>Open streams one user may hold on <see cref="Strict"/>.</summary>
    public const int StrictStreamsPerUser = 2;

    /// <summary>Open streams <see cref="Strict"/> serves in all.</summary>
    public const int StrictStreams = 3;

    private static readonly Dictionary<string, string> LogLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        ["Logging:LogLevel:Orleans"] = "Information",
        ["Logging:LogLevel:Broker"] = "Debug",
    };

    /// <summary>The gateways stop at once on a restart: no clients wait to be spread over other gateways.</summary>
    private static readonly Dictionary<string, string> GatewayExtra = new(LogLevels) { ["drain_duration"] = "0" };

    private readonly string _clusterId = "sec" + TestUser.RandomText()[..12];
    private readonly string _serviceId = "sec" + TestUser.RandomText()[..12];
    private readonly Dictionary<string, GatewayProcess> _gateways = [];
    private readonly Dictionary<string, int> _ports = [];
    private AzuriteServer? _azurite;
    private SiloProcess? _silo;

    /// <summary>A fresh random admin token, so that a search of the logs for it means something.</summary>
    public string AdminToken { get; } = "admin-" + TestUser.RandomText();

    /// <summary>Configured on every gateway, so that tests can forge tokens that differ in one detail.</summary>
    public string JwtSecret { get; } = "jwt-" + TestUser.RandomText() + TestUser.RandomText();

    public GatewayClient Main { get; private set; } = null!;

    public GatewayClient Second { get; private set; } = null!;

    /// <summary>Default admin token (<c>letmein</c>), <c>password_checker</c> on, few streams allowed.</summary>
    public GatewayClient Strict { get; private set; } = null!;

    public static string LogFolder { get; } = Path.Combine(RepositoryPaths.Root, ".run", "test", "security");

    public string SiloLogFile => LogFile("silo");

    /// <summary>The output file of a gateway: <c>main</c>, <c>second</c> or <c>strict</c>.</summary>
    public string GatewayLogFile(string name) => LogFile(name);

    /// <summary>Asserts that every gateway answers and that the silo serves grains through each.</summary>
    public async Task AssertServingAsync()
    {
        foreach (var client in new[] { Main, Second, Strict })
        {
            (await client.GetAsync("/")).AssertStatus(HttpStatusCode.OK);
            (await client.AdminAsync("/get_user", new JsonObject { ["username"] = "nobody-" + TestUser.RandomText() }))
                .AssertError(HttpStatusCode.NotFound, "user not found");
        }
    }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        await StartBrokerAsync();
        Main = new GatewayClient(Address("main"), AdminToken);
        Second = new GatewayClient(Address("second"), AdminToken);
        Strict = new GatewayClient(Address("strict"), Broker.Gateway.Configuration.GatewaySettings.DefaultAdminToken);
    }

    /// <summary>
    /// Stops the silo and every gateway (SIGTERM) and starts them again on the same storage, the gateways on
    /// their old ports: nothing held in memory survives.
    /// </summary>
    public async Task RestartBrokerAsync()
    {
        await Task.WhenAll(_gateways.Values.Select(async gateway =>
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }));
        _gateways.Clear();
        await _silo!.StopAsync();
        await _silo.DisposeAsync();
        _silo = null;
        await StartBrokerAsync();
    }

    /// <summary>Everything the silo and the gateways wrote so far, including before a restart.</summary>
    public string ReadAllLogs() =>
        string.Join("\n", new[] { "silo", "main", "second", "strict" }.Select(name => ReadShared(LogFile(name))));

    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task DisposeAsync()
    {
        Main?.Dispose();
        Second?.Dispose();
        Strict?.Dispose();
        foreach (var gateway in _gateways.Values)
        {
            await gateway.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    private async Task StartBrokerAsync()
    {
        var storage = _azurite!.ConnectionString;
        _silo = await SiloProcess.StartAsync(new SiloSettings(storage, _clusterId, _serviceId)
        {
            LogFile = SiloLogFile,
            Extra = LogLevels,
        });

        var defaultToken = Broker.Gateway.Configuration.GatewaySettings.DefaultAdminToken;
        var strictExtra = new Dictionary<string, string>(GatewayExtra)
        {
            ["password_checker"] = "true",
            ["max_streams_per_user"] = StrictStreamsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["max_streams"] = StrictStreams.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var started = await Task.WhenAll(
            StartGatewayAsync("main", storage, AdminToken, GatewayExtra),
            StartGatewayAsync("second", storage, AdminToken, GatewayExtra),
            StartGatewayAsync("strict", storage, defaultToken, strictExtra));
        foreach (var (name, gateway) in started)
        {
            _gateways[name] = gateway;
            _ports[name] = gateway.Port;
        }
    }

    private async Task<(string Name, GatewayProcess Gateway)> StartGatewayAsync(string name, string storage,
        string adminToken, IReadOnlyDictionary<string, string> extra)
    {
        var gateway = await GatewayProcess.StartAsync(
            new GatewayProcessSettings(storage, _clusterId, _serviceId, adminToken)
            {
                JwtSecret = JwtSecret,
                Extra = extra,
                LogFile = LogFile(name),
            },
            _ports.TryGetValue(name, out var port) ? port : null);
        return (name, gateway);
    }

    private Uri Address(string name) => _gateways[name].BaseAddress;

    private string LogFile(string name) => Path.Combine(LogFolder, $"{_clusterId}-{name}.log");
}

[CollectionDefinition(Name)]
public sealed class SecurityClusterCollection : ICollectionFixture<SecurityCluster>
{
    public const string Name = "Security cluster";
}
