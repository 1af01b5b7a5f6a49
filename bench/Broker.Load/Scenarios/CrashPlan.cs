using System.Diagnostics;
using System.Globalization;
using Broker.Load.Cli;

namespace Broker.Load.Scenarios;

/// <summary>
/// Kills a server process with SIGKILL a set time after publishing starts (<c>--kill-after SECONDS</c>), to see what
/// a crash costs delivery. The pid is read from a file (<c>--kill-pid-file</c>) only then, because which silo to kill
/// (the one writing the channel's log) is known to the script that runs the tool only once the run is under way.
/// </summary>
public sealed class CrashPlan
{
    private readonly TimeSpan _after;
    private readonly string _pidFile;

    private CrashPlan(TimeSpan after, string pidFile)
    {
        _after = after;
        _pidFile = pidFile;
    }

    /// <summary>The plan the options ask for, or null when they ask for none.</summary>
    public static CrashPlan? From(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var after = options.OptionalNumber("kill-after");
        var pidFile = options.Text("kill-pid-file", string.Empty);
        if (after is null && pidFile.Length == 0)
        {
            return null;
        }

        if (after is not >= 0 || pidFile.Length == 0)
        {
            throw new ArgumentException("--kill-after SECONDS and --kill-pid-file FILE go together");
        }

        return new CrashPlan(TimeSpan.FromSeconds(after.Value), pidFile);
    }

    /// <summary>Waits, kills, and notes in <paramref name="result"/> which pid died when.</summary>
    public async Task RunAsync(RunResult result, long publishingStarted, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(result);
        await Task.Delay(_after, cancellation);
        var text = File.Exists(_pidFile) ? (await File.ReadAllTextAsync(_pidFile, cancellation)).Trim() : string.Empty;
        if (!int.TryParse(text, CultureInfo.InvariantCulture, out var pid))
        {
            result.Notes.Add($"nothing killed: {_pidFile} holds no pid");
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            result.Add("killed_pid", pid);
            result.Add("killed_at_s", Stopwatch.GetElapsedTime(publishingStarted).TotalSeconds);
        }
        catch (ArgumentException)
        {
            result.Notes.Add($"nothing killed: process {pid} had already exited");
        }
    }
}
