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

    private ChildProcess? _process;

    private AzuriteServer(int blobPort, int queuePort, int tablePort)
    {
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
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

    /// <summary>Kills the emulator, as an outage would. In-memory data is lost with it.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>Starts the emulator again on the same ports (empty, since it keeps data in memory).</summary>
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

        _process = ChildProcess.Start(azurite,
        [
            "--inMemoryPersistence", "--extentMemoryLimit", "256", "--silent", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
        ]);

        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
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
            }, $"Azurite to listen on port {port}");
        }
    }
}
