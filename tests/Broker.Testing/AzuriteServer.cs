using System.Net.Sockets;

namespace Broker.Testing;

/// <summary>
/// An Azurite emulator run from the repository's pinned npm install, in memory, on free loopback ports.
/// Each instance is a fresh, empty storage account.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The well-known key of Azurite's development account; not a secret.</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>
    /// How long Azurite may take to listen. It needs a few seconds; on a machine that runs several test projects
    /// at once it has been seen to need more than a minute.
    /// </summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string? _location;
    private ChildProcess? _process;

    private AzuriteServer(int blobPort, int queuePort, int tablePort, string? location = null)
    {
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        _location = location;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Starts Azurite and waits until all three services accept connections.</summary>
    public static async Task<AzuriteServer> StartAsync()
    {
        var server = new AzuriteServer(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>
    /// Starts Azurite keeping its data in <paramref name="location"/>, so that it survives
    /// <see cref="StopAsync"/> and <see cref="RestartAsync"/>.
    /// </summary>
    public static async Task<AzuriteServer> StartPersistentAsync(string location)
    {
        Directory.CreateDirectory(location);
        // Stable ports: the emulator is bound to them again after a stop.
        var server = new AzuriteServer(
            FreePorts.NextStable(), FreePorts.NextStable(), FreePorts.NextStable(), location);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>
    /// Stops the emulator with SIGTERM, on which it writes its data to disk (it saves only every few seconds
    /// otherwise), and waits for it to exit.
    /// </summary>
    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(30)) ?? Task.CompletedTask;

    /// <summary>
    /// Kills the emulator, as an outage would, and waits until it is gone, so that the next request finds its
    /// connections closed rather than racing the kill. In-memory data is lost with it.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Freezes Azurite (SIGSTOP): connections stay open and requests hang until <see cref="ResumeAsync"/>.</summary>
    public Task PauseAsync() => _process?.PauseAsync() ?? Task.CompletedTask;

    /// <summary>Lets a paused Azurite go on; it then answers the requests that waited.</summary>
    public Task ResumeAsync() => _process?.ResumeAsync() ?? Task.CompletedTask;

    /// <summary>
    /// Starts the emulator again on the same ports: empty when it keeps data in memory, with the data saved
    /// at the last stop when it was started with <see cref="StartPersistentAsync"/>.
    /// </summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private async Task StartProcessAsync()
    {
        var azurite = Path.Combine(RepositoryPaths.NodeModulesBin, "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"{azurite} is missing: run 'npm ci' in {RepositoryPaths.Root}.");
        }

        string[] storage = _location is null
            ? ["--inMemoryPersistence", "--extentMemoryLimit", "256"]
            : ["--location", _location];
        _process = ChildProcess.Start(azurite,
        [
            .. storage, "--silent", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
        ]);

        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            try
            {
                await Eventually.True(async () =>
                {
                    if (_process.HasExited)
                    {
                        throw new InvalidOperationException($"Azurite exited:\n{_process.Output}");
                    }

                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port);
                    return true;
                }, $"Azurite to listen on port {port}", StartTimeout);
            }
            catch (SocketException e)
            {
                throw new TimeoutException(
                    $"Azurite did not listen on port {port} within {StartTimeout}; it printed:\n{_process.Output}", e);
            }
        }
    }
}
