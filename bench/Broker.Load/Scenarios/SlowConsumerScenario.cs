using System.Diagnostics;
using Broker.Load.Cli;
using Broker.Load.Sse;
using Broker.Load.Targets;

namespace Broker.Load.Scenarios;

/// <summary>
/// A slow consumer among healthy ones. Two phases at the same rate: N healthy subscribers alone (the baseline),
/// then N healthy plus one that stops reading for a while behind a small socket buffer. The healthy ones' latency
/// should not suffer; the slow one should be cut off by the server and resume from <c>Last-Event-ID</c> with
/// nothing missing.
/// </summary>
public static class SlowConsumerScenario
{
    public static async Task<RunResult> RunAsync(RunContext context)
    {
        var options = context.Options;
        var healthy = options.Whole("subscribers", 1000);
        var events = options.Whole("events", 5000);
        var rate = options.Number("rate", 200);
        var stall = options.Seconds("stall", 15);
        var result = context.NewResult("slow");
        result.Add("rate", rate);
        result.Add("events", events);
        result.Add("stall_s", stall.TotalSeconds);

        await RunPhaseAsync(context, result, "baseline_", healthy, events, rate, slow: null);
        var slow = new SubscriberSettings(events, StallAfterFrames: 1, StallFor: stall, ReceiveBufferBytes: 4096);
        await RunPhaseAsync(context, result, string.Empty, healthy, events, rate, slow);
        return result;
    }

    private static async Task RunPhaseAsync(RunContext context, RunResult result, string prefix, int healthy,
        int events, double rate, SubscriberSettings? slow)
    {
        var options = context.Options;
        await context.Target.PrepareAsync(context.Http,
            new TargetPlan(1, Math.Min(healthy, options.Whole("users", 10))), CancellationToken.None);
        await using var group = new SubscriberGroup();
        var concurrency = options.Whole("connect-concurrency", 100);
        await group.OpenAsync(context.Target, 0, healthy, new SubscriberSettings(events, Reader: context.Reader), concurrency,
            context.TimeLimit);
        if (slow is not null)
        {
            await group.OpenAsync(context.Target, healthy, 1, slow, 1, context.TimeLimit);
        }

        await FanoutScenario.WarmUpAsync(context, group);
        await using var watch = context.Watch();
        watch.Start();
        var started = Stopwatch.GetTimestamp();
        var publish = new PublishSettings(events, rate, options.Whole("in-flight", 64),
            options.Whole("data-bytes", 200), AuthMode.Bearer, context.TimeLimit);
        var outcome = await Publisher.RunAsync(context.Http, context.Target, publish, CancellationToken.None);
        var drained = await group.DrainAsync(options.Seconds("drain", 15), context.TimeLimit);
        var usage = await watch.StopAsync();
        await group.StopAsync();

        var healthyOnes = group.Subscribers.Take(healthy);
        SubscriberGroup.Report(result, healthyOnes, prefix + "healthy_", started);
        foreach (var (name, process) in usage)
        {
            result.Add(prefix + name + "_cpu_pct", process.CpuPercent);
        }

        if (slow is null)
        {
            return;
        }

        FanoutScenario.AddPublishing(result, outcome);
        var slowOne = group.Subscribers[healthy];
        SubscriberGroup.Report(result, [slowOne], "slow_", started);
        result.Add("slow_cut_off", slowOne.Reconnects);
        if (!drained)
        {
            result.Notes.Add("delivery stopped before every subscriber had every event");
        }
    }
}
