using System.Text.Json;
using Broker.Testing;

namespace Broker.Bench.Tests;

/// <summary>
/// One run of <c>bench/run.sh smoke</c>: every scenario at a tiny size against real processes (Azurite, a silo,
/// a gateway, the Kestrel ceiling, and nginx with Nchan where it is installed). The tests read its result files.
/// </summary>
public sealed class SmokeRun : IAsyncLifetime
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(6);

    private readonly string _results = Path.Combine(Path.GetTempPath(), "broker-bench-smoke-" + Guid.NewGuid());

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = string.Empty;

    /// <summary>Whether the smoke run could include Nchan on this machine.</summary>
    public static bool HasNchan =>
        File.Exists("/usr/sbin/nginx") && File.Exists("/usr/lib/nginx/modules/ngx_nchan_module.so");

    public async Task InitializeAsync()
    {
        await using var process = ChildProcess.Start("bash",
            [Path.Combine("bench", "run.sh"), "smoke", "--out", _results], environment: new Dictionary<string, string>
            {
                ["BENCH_NO_BUILD"] = "1",
                ["BENCH_CONFIGURATION"] = BrokerBinaries.Configuration,
            });
        try
        {
            ExitCode = await process.WaitForExitAsync(TimeLimit);
        }
        catch (TimeoutException)
        {
            // The process tree was killed; the tests report the output.
            ExitCode = -1;
        }

        Output = process.Output;
    }

    /// <summary>The figures of one scenario on one target, or null when that run left no result.</summary>
    public IReadOnlyDictionary<string, double>? Figures(string scenario, string target)
    {
        var file = Path.Combine(_results, $"{scenario}-{target}-1.json");
        if (!File.Exists(file))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("Figures").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_results))
        {
            Directory.Delete(_results, recursive: true);
        }

        return Task.CompletedTask;
    }
}
