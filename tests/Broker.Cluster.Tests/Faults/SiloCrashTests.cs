namespace Broker.Cluster.Tests.Faults;

/// <summary>
/// A silo killed with SIGKILL while inserts flow through both gateways: nothing acknowledged is lost, nothing is
/// delivered twice or out of order, and an insert that cannot be served meanwhile is a 503.
/// </summary>
public sealed class SiloCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MultiNodeCluster _cluster = null!;
    private GatewayApi[] _gateways = [];

    public async Task InitializeAsync()
    {
        _cluster = await MultiNodeCluster.StartAsync(new MultiNodeOptions());
        _gateways = [.. _cluster.Gateways.Select(gateway => new GatewayApi(gateway.BaseAddress))];
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            gateway.Dispose();
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task SiloKilledUnderLoad_EveryAcknowledgedInsertReachesEverySubscriberOnceInOrder()
    {
        var report = new Report(output, nameof(SiloKilledUnderLoad_EveryAcknowledgedInsertReachesEverySubscriberOnceInOrder));
        var tenant = ClusterUser.UniqueTenant("crash");
        var writer = ClusterUser.Unique("writer", tenant);
        await _gateways[0].CreateUserAsync(writer);
        var auth = await _gateways[0].BearerAsync(writer);
        var start = await _gateways[0].InsertOkAsync(auth, "marker", """{"at":"start"}""");
        var victim = _cluster.SiloHosting(tenant) ?? throw new InvalidOperationException("No silo hosts the tenant.");

        var subscribers = new List<Subscriber>();
        for (var i = 0; i < 4; i++)
        {
            subscribers.Add(new Subscriber($"subscriber {i + 1} (gateway {i % 2 + 1})", _gateways, i % 2, auth, start));
        }

        try
        {
            // 20 inserts a second for 20 seconds; the silo that writes the tenant's log dies a quarter of the way in.
            var outcomes = await InsertLoad.RunAsync(_gateways, auth, count: 400, perSecond: 20, sent: number =>
            {
                if (number == 100)
                {
                    _cluster.Silos[victim - 1].Kill();
                    report.Line($"killed silo {victim} (pid {_cluster.Silos[victim - 1].ProcessId}) after insert 100");
                }

                return Task.CompletedTask;
            });

            var end = await InsertWhenServedAsync(auth);
            foreach (var subscriber in subscribers)
            {
                await subscriber.WaitForIdAsync(end, TimeSpan.FromSeconds(90));
            }

            var log = await EventLog.ReadAsync(_gateways[1], auth, start, end);
            Assert.DoesNotContain(outcomes, outcome => outcome.Status is not (200 or 503));
            DeliveryCheck.Verify(outcomes, log, subscribers, report);
            report.Line($"the tenant's log writer moved to silo {_cluster.SiloHosting(tenant)}");
        }
        catch
        {
            output.WriteLine(_cluster.Logs);
            throw;
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }
        }
    }

    /// <summary>The closing marker, inserted once the surviving silo serves the tenant.</summary>
    private async Task<long> InsertWhenServedAsync(System.Net.Http.Headers.AuthenticationHeaderValue auth)
    {
        long id = 0;
        await Eventually.True(async () =>
        {
            var answer = await _gateways[0].InsertAsync(auth, "marker", """{"at":"end"}""");
            if (answer.Status == HttpStatusCode.OK)
            {
                id = long.Parse(answer.Json!["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            }

            return answer.Status == HttpStatusCode.OK;
        }, "the cluster to accept inserts again");
        return id;
    }
}
