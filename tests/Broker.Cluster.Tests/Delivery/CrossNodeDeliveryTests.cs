namespace Broker.Cluster.Tests.Delivery;

/// <summary>
/// An event inserted through any gateway reaches every subscriber of its tenant on every gateway, once, in insert
/// order, and never a subscriber of another tenant.
/// </summary>
public sealed class CrossNodeDeliveryTests(SharedNodes shared, ITestOutputHelper output)
    : SharedNodesTest(shared, output)
{
    [Fact]
    public async Task InsertsThroughBothGateways_ReachEverySubscriberOfTheirTenantOnBothGateways_OnceInOrder()
    {
        var report = new Report(Output, "delivery across nodes");
        var tenants = new List<(string Name, System.Net.Http.Headers.AuthenticationHeaderValue Auth, long Start,
            List<Subscriber> Subscribers)>();
        for (var t = 0; t < 3; t++)
        {
            var (user, auth) = await NewUserAsync("across");
            var start = await Gateways[t % 2].InsertOkAsync(auth, "marker", """{"at":"start"}""");
            tenants.Add((user.Tenant, auth, start, Subscribe(4, auth, start)));
        }

        try
        {
            var loads = await Task.WhenAll(tenants.Select(tenant =>
                InsertLoad.RunAsync(Gateways, tenant.Auth, count: 100, perSecond: 20)));
            for (var t = 0; t < tenants.Count; t++)
            {
                var tenant = tenants[t];
                var end = await InsertMarkerWhenServedAsync(tenant.Auth, "end");
                await WaitAndStopAsync(tenant.Subscribers, end);
                var log = await EventLog.ReadAsync(Gateways[t % 2], tenant.Auth, tenant.Start, end);
                Assert.All(loads[t], outcome => Assert.Equal(200, outcome.Status));
                report.Line($"tenant {t + 1} of 3, loaded at the same time as the others:");
                DeliveryCheck.Verify(loads[t], log, tenant.Subscribers, report);
            }
        }
        finally
        {
            foreach (var tenant in tenants)
            {
                await DisposeAllAsync(tenant.Subscribers);
            }
        }
    }
}
