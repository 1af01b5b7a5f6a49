using Broker.Load.Cli;
using Broker.Load.Targets;

namespace Broker.Load.Scenarios;

/// <summary>
/// Basic against Bearer on <c>POST /insert</c>: alternating batches of the same size, same tenant, same bound on
/// requests in flight, after a warm-up that puts the Basic credentials in the gateway's cache. The cost compared
/// is the gateway's CPU time per insert (the storage round trip is the same for both).
/// </summary>
public static class AuthScenario
{
    public static async Task<RunResult> RunAsync(RunContext context)
    {
        var options = context.Options;
        if (context.Target is not BrokerTarget)
        {
            throw new ArgumentException("the auth scenario compares Broker's own schemes: use --target broker");
        }

        var events = options.Whole("events", 5000);
        var rounds = options.Whole("rounds", 2);
        var result = context.NewResult("auth");
        await context.Target.PrepareAsync(context.Http, new TargetPlan(1, 1), CancellationToken.None);
        await Publisher.WarmUpAsync(context.Http, context.Target, AuthMode.Bearer, CancellationToken.None);
        await Publisher.WarmUpAsync(context.Http, context.Target, AuthMode.Basic, CancellationToken.None);

        var bearer = new List<RunResult>();
        var basic = new List<RunResult>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (mode, list) in new[] { (AuthMode.Bearer, bearer), (AuthMode.Basic, basic) })
            {
                var part = context.NewResult("auth");
                await InsertScenario.MeasureAsync(context, part, string.Empty, mode, events);
                list.Add(part);
            }
        }

        Merge(result, "bearer_", bearer);
        Merge(result, "basic_", basic);
        var bearerCost = result.Figures["bearer_gateway_cpu_us_per_insert"];
        var basicCost = result.Figures["basic_gateway_cpu_us_per_insert"];
        result.Add("basic_to_bearer_cpu", bearerCost > 0 ? basicCost / bearerCost : 0);
        result.Add("basic_to_bearer_p50",
            result.Figures["bearer_p50_ms"] > 0 ? result.Figures["basic_p50_ms"] / result.Figures["bearer_p50_ms"] : 0);
        result.Add("missing", result.Figures["bearer_missing"] + result.Figures["basic_missing"]);
        result.Add("duplicated", result.Figures["bearer_duplicated"] + result.Figures["basic_duplicated"]);
        return result;
    }

    /// <summary>Averages the rounds of one scheme; CPU per insert is total CPU over total inserts.</summary>
    private static void Merge(RunResult result, string prefix, List<RunResult> parts)
    {
        foreach (var name in parts[0].Figures.Keys)
        {
            var values = parts.Select(p => p.Figures[name]).ToList();
            var merged = name is "missing" or "duplicated" or "failed" or "inserts" ? values.Sum() : values.Average();
            result.Add(prefix + name, merged);
        }

        result.Notes.AddRange(parts.SelectMany(p => p.Notes).Select(n => prefix + n));
    }
}
