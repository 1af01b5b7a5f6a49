using Azure.Data.Tables;

namespace Broker.Cluster.Tests.Shutdown;

/// <summary>
/// SIGTERM to a silo: it leaves the cluster in order (its membership row ends as Dead, written by itself) and the
/// gateways go on serving inserts and streams on the other silo.
/// </summary>
public sealed class SiloShutdownTests(ITestOutputHelper output) : ClusterTest(output)
{
    [Fact]
    public async Task SiloSigterm_LeavesTheClusterCleanly_AndTheGatewaysKeepServing()
    {
        var report = new Report(Output, "silo shutdown");
        var (user, auth) = await NewUserAsync("leave");
        var start = await Gateways[0].InsertOkAsync(auth, "marker", """{"at":"start"}""");
        var leaving = Cluster.SiloHosting(user.Tenant) ?? throw new InvalidOperationException("No silo hosts it.");
        var silo = Cluster.Silos[leaving - 1];
        var subscribers = Subscribe(4, auth, start);
        try
        {
            Task<int>? exit = null;
            var outcomes = await InsertLoad.RunAsync(Gateways, auth, count: 200, perSecond: 20, sent: async number =>
            {
                if (number == 60)
                {
                    await silo.SignalTermAsync();
                    exit = silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
                    report.Line($"SIGTERM to silo {leaving}, the tenant's log writer, after insert 60 of 200");
                }
            });

            var exitCode = await exit!;
            var end = await InsertMarkerWhenServedAsync(auth, "end");
            await WaitAndStopAsync(subscribers, end);
            var log = await EventLog.ReadAsync(Gateways[0], auth, start, end);

            Assert.Equal(0, exitCode);
            Assert.DoesNotContain(outcomes, outcome => outcome.Status is not (200 or 503));
            DeliveryCheck.Verify(outcomes, log, subscribers, report);
            var status = await MembershipStatusAsync(silo.SiloPort);
            report.Line($"silo {leaving} exited with code {exitCode}; its membership row reads {status}; the " +
                $"tenant's log writer moved to silo {Cluster.SiloHosting(user.Tenant)}");
            Assert.Equal("Dead", status);
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

    /// <summary>The status Orleans keeps for the silo listening on <paramref name="siloPort"/>.</summary>
    private async Task<string> MembershipStatusAsync(int siloPort)
    {
        var table = new TableClient(Cluster.Storage.ConnectionString, "OrleansSiloInstances");
        var port = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == Cluster.ClusterId))
        {
            if (row.GetString("Port") == port)
            {
                return row.GetString("Status") ?? "(none)";
            }
        }

        return "(no row)";
    }
}
