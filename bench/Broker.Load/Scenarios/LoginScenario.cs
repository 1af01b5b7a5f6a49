using System.Diagnostics;
using Broker.Load.Cli;
using Broker.Load.Metrics;
using Broker.Load.Targets;

namespace Broker.Load.Scenarios;

/// <summary>
/// <c>POST /login</c> throughput at the silo's configured bcrypt cost: L logins round robin over U users, with a
/// bound on logins in flight. Every login must succeed.
/// </summary>
public static class LoginScenario
{
    public static async Task<RunResult> RunAsync(RunContext context)
    {
        var options = context.Options;
        if (context.Target is not BrokerTarget broker)
        {
            throw new ArgumentException("only Broker has logins: use --target broker");
        }

        var logins = options.Whole("logins", 200);
        var inFlight = options.Whole("in-flight", 4);
        var result = context.NewResult("login");
        await broker.PrepareAsync(context.Http, new TargetPlan(1, options.Whole("users", 8)), CancellationToken.None);
        var users = broker.AllUsers;

        var latency = new LatencyHistogram();
        var gate = new Lock();
        var failed = 0;
        string? firstError = null;
        await using var watch = context.Watch();
        watch.Start();
        var started = Stopwatch.GetTimestamp();
        using var limit = new CancellationTokenSource(context.TimeLimit);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, logins),
                new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = limit.Token },
                async (i, token) =>
                {
                    var begun = Stopwatch.GetTimestamp();
                    try
                    {
                        await broker.LoginAsync(context.Http, users[i % users.Count], token, retry: false);
                        var took = EventData.Microseconds(begun, Stopwatch.GetTimestamp());
                        lock (gate)
                        {
                            latency.Record(took);
                        }
                    }
                    catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
                    {
                        lock (gate)
                        {
                            failed++;
                            firstError ??= e.Message;
                        }
                    }
                });
        }
        catch (OperationCanceledException)
        {
            result.Notes.Add("stopped at the time limit");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        result.AddProcesses(await watch.StopAsync());
        result.Add("logins", latency.Count);
        result.Add("failed", failed);
        result.Add("logins_per_s", latency.Count / seconds);
        result.AddLatency(string.Empty, latency.Summarize());
        // A login that got no JWT counts as missing: the scenario's "nothing lost" check covers it.
        result.Add("missing", failed + (logins - latency.Count - failed));
        result.Add("duplicated", 0);
        if (firstError is not null)
        {
            result.Notes.Add("first error: " + firstError);
        }

        return result;
    }
}
