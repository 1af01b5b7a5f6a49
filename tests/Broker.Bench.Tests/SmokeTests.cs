namespace Broker.Bench.Tests;

/// <summary>
/// Benchmarks are not tests: these only check that every scenario of the smoke run completed against each target
/// and lost or repeated nothing. No timing is ever asserted.
/// </summary>
public sealed class SmokeTests(SmokeRun run) : IClassFixture<SmokeRun>
{
    public static TheoryData<string, string> Runs()
    {
        var runs = new TheoryData<string, string>();
        string[] everyScenario = ["fanout", "fanout-max", "idle", "insert", "insert-tenants", "auth", "login", "slow"];
        foreach (var scenario in everyScenario)
        {
            runs.Add(scenario, "broker");
        }

        foreach (var scenario in new[] { "fanout", "fanout-max", "idle", "slow" })
        {
            runs.Add(scenario, "ceiling");
            runs.Add(scenario, "nchan");
        }

        return runs;
    }

    [Fact]
    public void SmokeRun_ExitsCleanly() => Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}:\n{run.Output}");

    [Theory]
    [MemberData(nameof(Runs))]
    public void Scenario_DeliversEveryFrameExactlyOnce(string scenario, string target)
    {
        if (target == "nchan" && !SmokeRun.HasNchan)
        {
            // Nchan comes from bench/nchan/install.sh; without it the smoke run skips that target.
            return;
        }

        var figures = run.Figures(scenario, target);
        Assert.True(figures is not null, $"{scenario} on {target} left no result:\n{run.Output}");
        var losses = figures.Where(f => f.Key.EndsWith("missing", StringComparison.Ordinal) ||
            f.Key.EndsWith("duplicated", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(losses);
        Assert.All(losses, loss => Assert.True(loss.Value == 0, $"{scenario} on {target}: {loss.Key} = {loss.Value}"));
    }
}
