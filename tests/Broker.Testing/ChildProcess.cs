using System.Collections.Concurrent;
using System.Diagnostics;

namespace Broker.Testing;

/// <summary>
/// A real process started by a test. Its output is kept in memory (the last lines are shown when a test
/// fails to start it) and it is killed, with its children, on dispose.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private StreamWriter? _log;

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/> is true.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed so far, newest last.</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, each passed as one argument.</param>
    /// <param name="workingDirectory">Where it runs; the repository root by default.</param>
    /// <param name="environment">Variables added to the test's own environment.</param>
    /// <param name="logFile">A file that receives every line the process prints, for reading after a failure.</param>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, string? logFile = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            child._log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        }

        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Exited += (_, _) => child.FailWaiters();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Waits until the process prints a line that contains <paramref name="text"/> (a line printed before the call
    /// counts while it is still among the kept lines). Fails with the process's output if it exits first.
    /// </summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((text, seen));
        }

        if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            seen.TrySetResult();
        }
        else if (_process.HasExited)
        {
            FailWaiters();
        }

        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up waiting for '{text}' from {_process.StartInfo.FileName}:\n{Output}");
        }
        finally
        {
            lock (_waiters)
            {
                _waiters.Remove((text, seen));
            }
        }
    }

    /// <summary>Waits for the process to exit by itself; kills it and throws when it does not in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit in {timeout}:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Ends the process at once, as <c>kill -9</c> would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the process does, without waiting for it to exit.</summary>
    public Task SignalTermAsync() => SignalAsync("TERM");

    /// <summary>Freezes the process with SIGSTOP: its sockets stay open, but nothing it is sent gets an answer.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>Lets a process frozen by <see cref="PauseAsync"/> go on (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop with SIGTERM and waits for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        await SignalTermAsync();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        if (Interlocked.Exchange(ref _log, null) is { } log)
        {
            lock (log)
            {
                log.Dispose();
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (Volatile.Read(ref _log) is { } log)
        {
            lock (log)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // A last line that arrived while the process was being disposed; it is in Output.
                }
            }
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines)
        {
            _output.TryDequeue(out _);
        }

        lock (_waiters)
        {
            foreach (var (text, seen) in _waiters)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }
    }

    private void FailWaiters()
    {
        // Output that was still in the pipes arrives after Exited; give it a moment to land before reporting.
        _process.WaitForExit();
        lock (_waiters)
        {
            foreach (var (text, seen) in _waiters)
            {
                if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
                {
                    seen.TrySetResult();
                }
                else
                {
                    seen.TrySetException(new InvalidOperationException(
                        $"{_process.StartInfo.FileName} exited with code {_process.ExitCode} " +
                        $"before printing '{text}':\n{Output}"));
                }
            }
        }
    }
}
