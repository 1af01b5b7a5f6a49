namespace Broker.Testing;

/// <summary>Settings of one silo process; the defaults suit a test.</summary>
public sealed record SiloSettings(string StorageConnectionString, string ClusterId, string ServiceId)
{
    /// <summary>Cheap password hashing, so that tests do not wait on bcrypt.</summary>
    public int BcryptCost { get; init; } = 4;

    /// <summary>A file that receives everything the silo prints, or null.</summary>
    public string? LogFile { get; init; }

    /// <summary>Further settings, as flag name (without dashes) and value, such as a log level.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
}

/// <summary>A real <c>Broker.Silo</c> process on free loopback ports.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>What the silo prints once it has joined the cluster and serves grains.</summary>
    public const string ReadyLine = "Silo ready";

    private readonly ChildProcess _process;

    private SiloProcess(ChildProcess process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    /// <summary>The port Orleans clients (gateways) connect to.</summary>
    public int GatewayPort { get; }

    public string Output => _process.Output;

    /// <summary>Starts a silo and waits until it says it is ready.</summary>
    public static async Task<SiloProcess> StartAsync(SiloSettings settings, TimeSpan? timeout = null)
    {
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        List<string> arguments =
        [
            BrokerBinaries.SiloDll,
            "--storage_connection_string", settings.StorageConnectionString,
            "--cluster_id", settings.ClusterId,
            "--service_id", settings.ServiceId,
            "--silo_port", siloPort.ToString(),
            "--silo_gateway_port", gatewayPort.ToString(),
            "--advertised_ip", "127.0.0.1",
            "--bcrypt_cost", settings.BcryptCost.ToString(),
        ];
        foreach (var (key, value) in settings.Extra)
        {
            arguments.AddRange(["--" + key, value]);
        }

        var process = ChildProcess.Start("dotnet", arguments, logFile: settings.LogFile);
        var silo = new SiloProcess(process, siloPort, gatewayPort);
        try
        {
            await process.WaitForOutputAsync(ReadyLine, timeout ?? TimeSpan.FromMinutes(3));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    /// <summary>Stops the silo with SIGTERM, so that it leaves the cluster in order.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(60));

    /// <summary>Ends the silo at once, as a crash would.</summary>
    public void Kill() => _process.Kill();

    /// <summary>The process id, as an operator would find it in a pid file.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Sends SIGTERM and returns at once: the silo leaves the cluster, then exits.</summary>
    public Task SignalTermAsync() => _process.SignalTermAsync();

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
