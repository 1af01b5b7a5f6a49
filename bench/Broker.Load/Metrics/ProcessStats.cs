using System.Globalization;

namespace Broker.Load.Metrics;

/// <summary>CPU time and memory of a process and its descendants, read from <c>/proc</c>.</summary>
public readonly record struct ProcessSample(long CpuTicks, long RssKb, bool Alive)
{
    /// <summary>Clock ticks per second of <c>/proc/&lt;pid&gt;/stat</c> (USER_HZ, 100 on Linux x86-64 and arm64).</summary>
    public const double TicksPerSecond = 100;

    public static ProcessSample Read(int pid)
    {
        long ticks = 0;
        long rss = 0;
        var alive = false;
        foreach (var id in WithDescendants(pid))
        {
            if (TryReadTicks(id, out var t) && TryReadRss(id, out var r))
            {
                ticks += t;
                rss += r;
                alive |= id == pid;
            }
        }

        return new ProcessSample(ticks, rss, alive);
    }

    private static IEnumerable<int> WithDescendants(int pid)
    {
        var pending = new Stack<int>();
        pending.Push(pid);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            yield return id;
            foreach (var child in Children(id))
            {
                pending.Push(child);
            }
        }
    }

    private static List<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    children.Add(int.Parse(part, CultureInfo.InvariantCulture));
                }
            }
        }
        catch (IOException)
        {
            // The process ended meanwhile.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to read.
        }

        return children;
    }

    private static bool TryReadTicks(int pid, out long ticks)
    {
        ticks = 0;
        try
        {
            // The command name in parentheses may hold spaces; fields are counted after its closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) +
                long.Parse(fields[12], CultureInfo.InvariantCulture);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool TryReadRss(int pid, out long kb)
    {
        kb = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    return true;
                }
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>
/// Watches named processes (gateway, silo, Azurite, nginx...) and this load tool itself during a measured window:
/// CPU used in the window as a percentage of one core, resident memory at both ends and at its peak.
/// </summary>
public sealed class ProcessWatch : IAsyncDisposable
{
    private readonly Dictionary<string, int> _pids;
    private readonly Dictionary<string, ProcessSample> _start = [];
    private readonly Dictionary<string, long> _peakKb = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private long _startedAt;
    private Task _sampling = Task.CompletedTask;

    public ProcessWatch(IReadOnlyDictionary<string, int> pids)
    {
        _pids = new Dictionary<string, int>(pids) { ["load"] = Environment.ProcessId };
    }

    public IReadOnlyDictionary<string, int> Pids => _pids;

    public ProcessSample Sample(string name) => ProcessSample.Read(_pids[name]);

    public void Start()
    {
        _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var (name, pid) in _pids)
        {
            var sample = ProcessSample.Read(pid);
            _start[name] = sample;
            _peakKb[name] = sample.RssKb;
        }

        _sampling = SampleAsync();
    }

    public async Task<Dictionary<string, ProcessUsage>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var usage = new Dictionary<string, ProcessUsage>();
        foreach (var (name, pid) in _pids)
        {
            var end = ProcessSample.Read(pid);
            var start = _start[name];
            var cpuSeconds = (end.CpuTicks - start.CpuTicks) / ProcessSample.TicksPerSecond;
            long peak;
            lock (_gate)
            {
                peak = Math.Max(_peakKb[name], end.RssKb);
            }

            usage[name] = new ProcessUsage(pid, Math.Round(cpuSeconds, 2), Math.Round(100 * cpuSeconds / seconds, 1),
                start.RssKb, end.RssKb, peak, end.Alive);
        }

        return usage;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                foreach (var (name, pid) in _pids)
                {
                    var rss = ProcessSample.Read(pid).RssKb;
                    lock (_gate)
                    {
                        _peakKb[name] = Math.Max(_peakKb[name], rss);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The window closed.
        }
    }
}

/// <summary>What a process used in a measured window. CPU percent is of one core: 200 means both cores busy.</summary>
public sealed record ProcessUsage(int Pid, double CpuSeconds, double CpuPercent, long RssStartKb, long RssEndKb,
    long RssPeakKb, bool Alive);
