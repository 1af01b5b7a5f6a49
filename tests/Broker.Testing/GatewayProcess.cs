namespace Broker.Testing;

/// <summary>Settings of one gateway process; the defaults suit a test.</summary>
public sealed record GatewaySettings(
    string StorageConnectionString, string ClusterId, string ServiceId, string AdminToken)
{
    /// <summary>The HS256 secret, or null to let the cluster generate and keep one.</summary>
    public string? JwtSecret { get; init; }

    /// <summary>The SSE keep-alive interval, or null for the gateway's default.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>Further settings, as flag name (without dashes) and value.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>A file that receives everything the gateway prints, or null.</summary>
    public string? LogFile { get; init; }
}

/// <summary>A real <c>Broker.Gateway</c> process on a free loopback port.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    /// <summary>What the gateway prints once it accepts HTTP requests.</summary>
    public const string ReadyLine = "Gateway listening on";

    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string Output => _process.Output;

    /// <summary>Starts a gateway (on <paramref name="port"/>, or a free one) and waits until it listens.</summary>
    public static async Task<GatewayProcess> StartAsync(GatewaySettings settings, int? port = null,
        TimeSpan? timeout = null)
    {
        var chosen = port ?? FreePorts.Next();
        List<string> arguments =
        [
            BrokerBinaries.GatewayDll,
            "--port", chosen.ToString(),
            "--storage_connection_string", settings.StorageConnectionString,
            "--cluster_id", settings.ClusterId,
            "--service_id", settings.ServiceId,
            "--admin_token", settings.AdminToken,
        ];
        if (settings.JwtSecret is not null)
        {
            arguments.AddRange(["--jwt_secret", settings.JwtSecret]);
        }

        if (settings.HeartbeatInterval is { } heartbeat)
        {
            // The gateway reads the interval as a number of seconds.
            arguments.AddRange(["--heartbeat_interval",
                heartbeat.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        foreach (var (key, value) in settings.Extra)
        {
            arguments.AddRange(["--" + key, value]);
        }

        var process = ChildProcess.Start("dotnet", arguments, logFile: settings.LogFile);
        var gateway = new GatewayProcess(process, chosen);
        try
        {
            await process.WaitForOutputAsync(ReadyLine, timeout ?? TimeSpan.FromMinutes(3));
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>Stops the gateway with SIGTERM and waits for it to exit.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(60));

    /// <summary>The process id, as an operator would find it in a pid file.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Sends SIGTERM and returns at once: the gateway drains its streams, then exits.</summary>
    public Task SignalTermAsync() => _process.SignalTermAsync();

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>Ends the gateway at once, as <c>kill -9</c> would.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
