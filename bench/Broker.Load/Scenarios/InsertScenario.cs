using Broker.Load.Cli;
using Broker.Load.Targets;

namespace Broker.Load.Scenarios;

/// <summary>
/// Durable inserts (publishes with no subscriber) spread over T tenants, as fast as the bound on requests in
/// flight allows. For Broker, the ids answered per tenant must be distinct and without gaps.
/// </summary>
public static class InsertScenario
{
    public static async Task<RunResult> RunAsync(RunContext context)
    {
        var options = context.Options;
        var tenants = options.Whole("tenants", 1);
        var result = context.NewResult(tenants == 1 ? "insert" : "insert-tenants");
        result.Add("tenants", tenants);
        await context.Target.PrepareAsync(context.Http, new TargetPlan(tenants, 1), CancellationToken.None);
        await Publisher.WarmUpAsync(context.Http, context.Target, AuthMode.Bearer, CancellationToken.None);
        var auth = Enum.Parse<AuthMode>(options.Text("auth", "bearer"), ignoreCase: true);
        await MeasureAsync(context, result, string.Empty, auth, options.Whole("events", 20_000));
        return result;
    }

    /// <summary>One measured batch of inserts; figures are named with <paramref name="prefix"/>.</summary>
    public static async Task<PublishOutcome> MeasureAsync(RunContext context, RunResult result, string prefix,
        AuthMode auth, int events)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var options = context.Options;
        var settings = new PublishSettings(events, null, options.Whole("in-flight", 64),
            options.Whole("data-bytes", 200), auth, context.TimeLimit);
        await using var watch = context.Watch();
        watch.Start();
        var outcome = await Publisher.RunAsync(context.Http, context.Target, settings, CancellationToken.None);
        var usage = await watch.StopAsync();

        result.Add(prefix + "inserts", outcome.Succeeded);
        result.Add(prefix + "failed", outcome.Failed);
        result.Add(prefix + "inserts_per_s", outcome.Seconds > 0 ? outcome.Succeeded / outcome.Seconds : 0);
        result.AddLatency(prefix, outcome.Latency.Summarize());
        foreach (var (name, process) in usage)
        {
            result.Add(prefix + name + "_cpu_pct", process.CpuPercent);
            result.Add(prefix + name + "_cpu_us_per_insert",
                outcome.Succeeded > 0 ? process.CpuSeconds * 1e6 / outcome.Succeeded : 0);
        }

        if (context.Target.HasOrderedIds)
        {
            var (duplicated, gaps) = CheckIds(outcome.IdsByChannel);
            result.Add(prefix + "duplicated", duplicated);
            result.Add(prefix + "missing", gaps + outcome.Failed);
        }

        if (outcome.FirstError is { } error)
        {
            result.Notes.Add(prefix + "first error: " + error);
        }

        return outcome;
    }

    /// <summary>Ids answered twice, and ids skipped between the lowest and highest of each tenant.</summary>
    private static (long Duplicated, long Gaps) CheckIds(IEnumerable<List<long>> idsByChannel)
    {
        long duplicated = 0;
        long gaps = 0;
        foreach (var ids in idsByChannel.Where(list => list.Count > 0))
        {
            var distinct = ids.Distinct().Count();
            duplicated += ids.Count - distinct;
            gaps += ids.Max() - ids.Min() + 1 - distinct;
        }

        return (duplicated, gaps);
    }
}
