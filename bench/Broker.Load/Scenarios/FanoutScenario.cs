using System.Diagnostics;
using Broker.Load.Cli;
using Broker.Load.Sse;
using Broker.Load.Targets;

namespace Broker.Load.Scenarios;

/// <summary>
/// Fan-out: N subscribers on one channel, M events published at a fixed rate or as fast as the bound on requests
/// in flight allows. Figures: connect time, delivered frames per second, publish-to-receive latency, missing and
/// duplicated frames per subscriber.
/// </summary>
public static class FanoutScenario
{
    public static async Task<RunResult> RunAsync(RunContext context)
    {
        var options = context.Options;
        var subscribers = options.Whole("subscribers", 1000);
        var events = options.Whole("events", 1000);
        var rate = options.OptionalNumber("rate") is { } r and > 0 ? r : (double?)null;
        var publish = new PublishSettings(events, rate, options.Whole("in-flight", 64),
            options.Whole("data-bytes", 200), AuthMode.Bearer, context.TimeLimit);
        var result = context.NewResult(rate is null ? "fanout-max" : "fanout");
        var crash = CrashPlan.From(options);
        result.Add("rate", rate ?? 0);
        result.Add("events", events);

        await context.Target.PrepareAsync(context.Http,
            new TargetPlan(1, Math.Min(subscribers, options.Whole("users", 10))), CancellationToken.None);
        await using var group = new SubscriberGroup();
        var settings = new SubscriberSettings(events, LowMemory: subscribers > 2000, Reader: context.Reader);
        var connectSeconds = await group.OpenAsync(context.Target, 0, subscribers, settings,
            options.Whole("connect-concurrency", 100), context.TimeLimit);
        result.Add("connected", group.Counters.EverConnected);
        result.Add("connect_s", connectSeconds);

        await WarmUpAsync(context, group);
        await using var watch = context.Watch();
        watch.Start();
        var started = Stopwatch.GetTimestamp();
        var crashed = crash?.RunAsync(result, started, CancellationToken.None) ?? Task.CompletedTask;
        var outcome = await Publisher.RunAsync(context.Http, context.Target, publish, CancellationToken.None);
        await crashed;
        var drained = await group.DrainAsync(options.Seconds("drain", 15), context.TimeLimit);
        result.AddProcesses(await watch.StopAsync());
        await group.StopAsync();

        AddPublishing(result, outcome);
        SubscriberGroup.Report(result, group.Subscribers, string.Empty, started);

        // Frames missing only because their publish failed (and was not stored) are no loss; these would be.
        result.Add("missing_acknowledged", group.Subscribers.Sum(subscriber => (long)outcome.Acknowledged.Count(
            sequence => subscriber.Tracker.Expects(sequence) && !subscriber.Tracker.Seen(sequence))));
        if (!drained)
        {
            result.Notes.Add("delivery stopped before every subscriber had every event");
        }

        return result;
    }

    /// <summary>One warm-up event per channel, so JIT, hubs and connections are warm before the clock starts.</summary>
    public static async Task WarmUpAsync(RunContext context, SubscriberGroup group)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(group);
        await Publisher.WarmUpAsync(context.Http, context.Target, AuthMode.Bearer, CancellationToken.None);
        await SubscriberGroup.WaitAsync(() => group.Subscribers.All(s => s.WarmupFrames > 0), TimeSpan.FromSeconds(30));
    }

    public static void AddPublishing(RunResult result, PublishOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(outcome);
        result.Add("published", outcome.Succeeded);
        result.Add("publish_failed", outcome.Failed);
        result.Add("publish_s", outcome.Seconds);
        result.Add("publish_per_s", outcome.Seconds > 0 ? outcome.Succeeded / outcome.Seconds : 0);
        result.AddLatency("publish_", outcome.Latency.Summarize());
        if (outcome.FirstError is { } error)
        {
            result.Notes.Add("first publish error: " + error);
        }
    }
}
