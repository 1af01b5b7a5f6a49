namespace Broker.Cluster.Tests.Faults;

/// <summary>
/// Azurite stopped for a while under every node: inserts answer 503 promptly instead of hanging or failing with
/// 500, and once storage is back on the same data everything works again without restarting any node.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
    : ClusterTest(output, new MultiNodeOptions { PersistentStorage = true })
{
    [Fact]
    public async Task StorageDown_InsertsAre503_ThenEverythingWorksAgainWithoutRestartingANode()
    {
        var report = new Report(Output, "storage outage");
        var (_, auth) = await NewUserAsync("outage");
        var start = await Gateways[0].InsertOkAsync(auth, "marker", """{"at":"start"}""");
        var subscribers = Subscribe(4, auth, start);
        try
        {
            var before = await InsertLoad.RunAsync(Gateways, auth, count: 20, perSecond: 10);
            await Cluster.Storage.StopAsync();
            report.Line("stopped Azurite (SIGTERM; its data stays in its --location folder)");

            // Two inserts a second for about 20 seconds while storage is down, through both gateways.
            IReadOnlyList<InsertOutcome> during;
            try
            {
                during = await InsertLoad.RunAsync(Gateways, auth, count: 40, perSecond: 2, firstNumber: 1001);
            }
            finally
            {
                await Cluster.Storage.RestartAsync();
            }

            report.Line($"during the outage: {during.Count} inserts, " +
                string.Join(", ", during.GroupBy(o => o.Status).Select(g => $"{g.Count()} x {g.Key}")) +
                $"; slowest answer {during.Max(o => o.Elapsed).TotalSeconds:0.00} s");
            Assert.All(during, outcome => Assert.Equal(503, outcome.Status));
            Assert.All(during, outcome => Assert.Equal(
                """{"error":"storage is unavailable; the event was not stored, try again shortly"}""", outcome.Body));

            report.Line("restarted Azurite on the same ports and data; no silo or gateway was restarted");
            await InsertMarkerWhenServedAsync(auth, "back");
            var after = await InsertLoad.RunAsync(Gateways, auth, count: 20, perSecond: 10, firstNumber: 2001);
            var end = await InsertMarkerWhenServedAsync(auth, "end");
            await WaitAndStopAsync(subscribers, end);
            var log = await EventLog.ReadAsync(Gateways[1], auth, start, end);

            // Every insert before and after the outage is acknowledged and delivered; none of those during it.
            var outcomes = before.Concat(during).Concat(after).ToList();
            DeliveryCheck.Verify(outcomes, log, subscribers, report);
            Assert.All(before.Concat(after), outcome => Assert.Equal(200, outcome.Status));
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
