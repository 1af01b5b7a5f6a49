using Broker.Load.Cli;
using Broker.Load.Sse;
using Broker.Load.Targets;

namespace Broker.Load.Scenarios;

/// <summary>
/// Many idle authenticated streams: how long N take to open and how much resident memory each costs the server
/// (the server process's RSS growth over N, after a short hold so allocation settles).
/// </summary>
public static class IdleScenario
{
    public static async Task<RunResult> RunAsync(RunContext context)
    {
        var options = context.Options;
        var subscribers = options.Whole("subscribers", 10_000);
        var server = options.Text("server", context.Target.Name switch
        {
            "broker" => "gateway",
            "nchan" => "nginx",
            _ => context.Target.Name,
        });
        var hold = options.Seconds("hold", 5);
        var result = context.NewResult("idle");
        if (!context.Pids.ContainsKey(server))
        {
            throw new ArgumentException($"--pid {server}=<pid> is needed to measure memory per connection");
        }

        await context.Target.PrepareAsync(context.Http,
            new TargetPlan(1, Math.Min(subscribers, options.Whole("users", 10))), CancellationToken.None);
        await using var watch = context.Watch();
        watch.Start();
        var before = watch.Sample(server).RssKb;
        await using var group = new SubscriberGroup();
        var connectSeconds = await group.OpenAsync(context.Target, 0, subscribers,
            new SubscriberSettings(0, LowMemory: true), options.Whole("connect-concurrency", 100), context.TimeLimit);
        await Task.Delay(hold);
        var after = watch.Sample(server).RssKb;
        var open = group.Counters.Open;
        result.AddProcesses(await watch.StopAsync());
        await group.StopAsync();

        result.Add("subscribers", subscribers);
        result.Add("connected", group.Counters.EverConnected);
        result.Add("open_after_hold", open);
        result.Add("connect_s", connectSeconds);
        result.Add("connects_per_s", connectSeconds > 0 ? group.Counters.EverConnected / connectSeconds : 0);
        result.Add("server_rss_before_mb", before / 1024.0);
        result.Add("server_rss_after_mb", after / 1024.0);
        result.Add("kb_per_connection", open > 0 ? (after - before) / (double)open : 0);
        // A stream that did not open, or did not stay open, is what this scenario can lose.
        result.Add("missing", subscribers - open);
        result.Add("duplicated", group.Subscribers.Sum(s => (long)s.Tracker.Duplicates));
        result.Add("dropped", subscribers - open);
        if (open < subscribers)
        {
            result.Notes.Add($"{subscribers - open} stream(s) not open after the hold; first error: " +
                (group.Subscribers.Select(s => s.LastError).FirstOrDefault(e => e is not null) ?? "none"));
        }

        return result;
    }
}
