namespace Broker.Cluster.Tests.Faults;

/// <summary>
/// A gateway killed with SIGKILL: its clients reconnect to the other gateway with <c>Last-Event-ID</c> and miss
/// nothing, while inserts go on through the survivor.
/// </summary>
public sealed class GatewayCrashTests(ITestOutputHelper output) : ClusterTest(output)
{
    [Fact]
    public async Task GatewayKilled_ItsClientsResumeOnTheOtherGateway_AndMissNothing()
    {
        var report = new Report(Output, "gateway killed");
        var (_, auth) = await NewUserAsync("gwcrash");
        var start = await Gateways[0].InsertOkAsync(auth, "marker", """{"at":"start"}""");
        var subscribers = Subscribe(6, auth, start);
        try
        {
            var outcomes = await InsertLoad.RunAsync(Gateways, auth, count: 200, perSecond: 20, sent: number =>
            {
                if (number == 60)
                {
                    Cluster.Gateways[0].Kill();
                    report.Line($"killed gateway 1 (pid {Cluster.Gateways[0].ProcessId}) after insert 60 of 200 " +
                        "(20/s through both gateways, refused connections passed to the other)");
                }

                return Task.CompletedTask;
            });

            var end = await InsertMarkerWhenServedAsync(auth, "end");
            await WaitAndStopAsync(subscribers, end);
            var log = await EventLog.ReadAsync(Gateways[1], auth, start, end);

            // Only an insert the dead gateway held when it died has no answer; no other outcome is allowed.
            Assert.DoesNotContain(outcomes, outcome => outcome.Status is not (200 or InsertLoad.Broken));
            DeliveryCheck.Verify(outcomes, log, subscribers, report);
            foreach (var moved in subscribers.Where(subscriber => subscriber.GatewaysUsed.Contains(0)))
            {
                Assert.Contains(1, moved.GatewaysUsed);
            }

            report.Line($"{subscribers.Count(s => s.GatewaysUsed.Count > 1)} subscriber(s) moved from gateway 1 " +
                "to gateway 2 and resumed with Last-Event-ID");
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
