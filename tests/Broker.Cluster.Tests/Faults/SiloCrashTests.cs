namespace Broker.Cluster.Tests.Faults;

/// <summary>
/// A silo killed with SIGKILL while inserts flow through both gateways: nothing acknowledged is lost, nothing is
/// delivered twice or out of order, and an insert that cannot be served meanwhile is a 503.
/// </summary>
public sealed class SiloCrashTests(ITestOutputHelper output) : ClusterTest(output)
{
    private const int PerSecond = 20;

    [Fact]
    public async Task SiloKilledUnderLoad_EveryAcknowledgedInsertReachesEverySubscriberOnceInOrder()
    {
        var report = new Report(Output, "silo killed under load");
        var (user, auth) = await NewUserAsync("crash");
        var start = await Gateways[0].InsertOkAsync(auth, "marker", """{"at":"start"}""");
        var victim = Cluster.SiloHosting(user.Tenant) ?? throw new InvalidOperationException("No silo hosts it.");
        var subscribers = Subscribe(4, auth, start);
        try
        {
            // 20 inserts a second for 20 seconds; the silo that writes the tenant's log dies a quarter of the way in.
            var outcomes = await InsertLoad.RunAsync(Gateways, auth, count: 400, perSecond: PerSecond, sent: number =>
            {
                if (number == 100)
                {
                    Cluster.Silos[victim - 1].Kill();
                    report.Line($"killed silo {victim} (pid {Cluster.Silos[victim - 1].ProcessId}), the tenant's " +
                        "log writer, after insert 100 of 400 (20/s through both gateways)");
                }

                return Task.CompletedTask;
            });

            var refused = outcomes.Where(outcome => outcome.Status != 200).ToList();
            if (refused.Count > 0)
            {
                report.Line($"inserts {refused[0].Number} to {refused[^1].Number} were refused or lost: " +
                    $"{(refused[^1].Number - refused[0].Number + 1) / (double)PerSecond:0.0} s of the load");
            }

            var end = await InsertMarkerWhenServedAsync(auth, "end");
            await WaitAndStopAsync(subscribers, end);
            var log = await EventLog.ReadAsync(Gateways[1], auth, start, end);

            Assert.DoesNotContain(outcomes, outcome => outcome.Status is not (200 or 503));
            DeliveryCheck.Verify(outcomes, log, subscribers, report);
            report.Line($"the tenant's log writer moved to silo {Cluster.SiloHosting(user.Tenant)}; gateway hubs " +
                $"filled from the log {CountGatewayLines("reading the rest from the log")} time(s) and " +
                $"resubscribed {CountGatewayLines("subscribing again")} time(s)");
        }
        catch
        {
            Output.WriteLine(Cluster.Logs);
            throw;
        }
        finally
        {
            await DisposeAllAsync(subscribers);
        }
    }
}
