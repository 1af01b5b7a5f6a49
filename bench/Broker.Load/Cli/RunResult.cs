using System.Text.Json;
using Broker.Load.Metrics;

namespace Broker.Load.Cli;

/// <summary>
/// One run of one scenario against one target: named figures (all numbers, so runs can be compared and their
/// medians taken) and what each watched process used.
/// </summary>
public sealed class RunResult
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public required string Scenario { get; init; }

    public required string Target { get; init; }

    public SortedDictionary<string, double> Figures { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, ProcessUsage> Processes { get; set; } = [];

    public List<string> Notes { get; init; } = [];

    public void Add(string name, double value) => Figures[name] = Math.Round(value, 3);

    public void AddLatency(string prefix, LatencySummary latency)
    {
        ArgumentNullException.ThrowIfNull(latency);
        Add(prefix + "p50_ms", latency.P50);
        Add(prefix + "p90_ms", latency.P90);
        Add(prefix + "p99_ms", latency.P99);
        Add(prefix + "p999_ms", latency.P999);
        Add(prefix + "max_ms", latency.Max);
    }

    /// <summary>CPU and memory figures of every watched process, as <c>&lt;name&gt;_cpu_pct</c> and so on.</summary>
    public void AddProcesses(Dictionary<string, ProcessUsage> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Processes = usage;
        foreach (var (name, process) in usage)
        {
            Add(name + "_cpu_pct", process.CpuPercent);
            Add(name + "_rss_end_mb", process.RssEndKb / 1024.0);
            Add(name + "_rss_peak_mb", process.RssPeakKb / 1024.0);
        }
    }

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"== {Scenario} on {Target}");
        foreach (var (name, value) in Figures)
        {
            output.WriteLine($"   {name,-34} {value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        foreach (var note in Notes)
        {
            output.WriteLine($"   note: {note}");
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
    }

    public static RunResult Load(string path) =>
        JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no result");
}
