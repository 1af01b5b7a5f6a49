using System.Diagnostics;
using Broker.Load.Metrics;
using Broker.Load.Sse;
using Broker.Load.Targets;

namespace Broker.Load.Scenarios;

/// <summary>Many subscribers of one run: opened a bounded number at a time, read until the run stops them.</summary>
public sealed class SubscriberGroup : IAsyncDisposable
{
    private readonly List<SseSubscriber> _subscribers = [];
    private readonly List<Task> _running = [];
    private readonly CancellationTokenSource _stop = new();

    public RunCounters Counters { get; } = new();

    public IReadOnlyList<SseSubscriber> Subscribers => _subscribers;

    /// <summary>Opens subscribers with indexes [first, first + count) and waits until each got its 200.</summary>
    /// <returns>Seconds from the first connect to the last 200, or to the time-out.</returns>
    public async Task<double> OpenAsync(LoadTarget target, int first, int count, SubscriberSettings settings,
        int concurrency, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        using var slots = new SemaphoreSlim(concurrency);
        var opened = new List<SseSubscriber>();
        for (var i = first; i < first + count; i++)
        {
            var left = TimeSpan.FromSeconds(Math.Max(0, (deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
            if (!await slots.WaitAsync(left))
            {
                break;
            }

            var subscriber = new SseSubscriber(i, target, settings, Counters);
            _subscribers.Add(subscriber);
            opened.Add(subscriber);
            _running.Add(Task.Run(() => subscriber.RunAsync(_stop.Token)));
            _ = subscriber.Connected.ContinueWith(_ => slots.Release(), TaskScheduler.Default);
        }

        var all = Task.WhenAll(opened.Select(s => s.Connected));
        var remaining = TimeSpan.FromSeconds(Math.Max(0, (deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
        await Task.WhenAny(all, Task.Delay(remaining));
        var last = opened.Select(s => s.FirstConnectedAt).DefaultIfEmpty(0).Max();
        return (Math.Max(last, started) - started) / (double)Stopwatch.Frequency;
    }

    /// <summary>Waits until <paramref name="done"/> holds, or the time-out passes.</summary>
    /// <returns>True when it held.</returns>
    public static async Task<bool> WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>
    /// Waits until every subscriber has every event, for as long as frames keep arriving: a server slower than the
    /// publisher still gets to deliver its backlog, and one that stops delivering is given up on after
    /// <paramref name="quiet"/> without a frame. <paramref name="limit"/> bounds the whole wait.
    /// </summary>
    /// <returns>True when every subscriber completed.</returns>
    public async Task<bool> DrainAsync(TimeSpan quiet, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var frames = Counters.Frames;
        var lastProgress = Stopwatch.GetTimestamp();
        while (Counters.Complete < _subscribers.Count)
        {
            var now = Stopwatch.GetTimestamp();
            if (now > deadline || Stopwatch.GetElapsedTime(lastProgress).TotalSeconds > quiet.TotalSeconds)
            {
                return false;
            }

            await Task.Delay(50);
            if (Counters.Frames != frames)
            {
                frames = Counters.Frames;
                lastProgress = Stopwatch.GetTimestamp();
            }
        }

        return true;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Adds the delivery figures of <paramref name="subscribers"/> to a result, under a name prefix.</summary>
    public static void Report(Cli.RunResult result, IEnumerable<SseSubscriber> subscribers, string prefix,
        long publishStartedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var list = subscribers.ToList();
        var latency = new LatencyHistogram();
        foreach (var subscriber in list)
        {
            if (subscriber.Latency is { } histogram)
            {
                latency.Add(histogram);
            }
        }

        var frames = list.Sum(s => s.DataFrames);
        var lastFrame = list.Select(s => s.LastFrameAt).DefaultIfEmpty(0).Max();
        var seconds = (lastFrame - publishStartedAt) / (double)Stopwatch.Frequency;
        result.Add(prefix + "subscribers", list.Count);
        result.Add(prefix + "frames", frames);
        result.Add(prefix + "frames_per_s", seconds > 0 ? frames / seconds : 0);
        result.Add(prefix + "missing", list.Sum(s => (long)s.Tracker.Missing));
        result.Add(prefix + "duplicated", list.Sum(s => (long)s.Tracker.Duplicates));
        result.Add(prefix + "out_of_order", list.Sum(s => (long)s.OutOfOrder));
        result.Add(prefix + "foreign_frames", list.Sum(s => (long)s.Tracker.Foreign + s.UnreadableFrames));
        result.Add(prefix + "reconnects", list.Sum(s => (long)s.Reconnects));
        result.Add(prefix + "refusals", list.Sum(s => (long)s.Refusals));
        result.AddLatency(prefix, latency.Summarize());
        var incomplete = list.Where(s => !s.Tracker.IsComplete).ToList();
        if (incomplete.Count > 0)
        {
            result.Notes.Add($"{prefix}{incomplete.Count} subscriber(s) incomplete; first error: " +
                (incomplete.Select(s => s.LastError).FirstOrDefault(e => e is not null) ?? "none"));
        }
    }
}
