using System.Net.Http.Headers;
using Azure.Data.Tables;

namespace Broker.Cluster.Tests.Delivery;

/// <summary>
/// Connections come and go by the thousand; a gateway holds one stream subscription per tenant it serves and drops
/// it with the tenant's last connection, so Orleans' stream subscription state does not grow with them.
/// </summary>
public sealed class SubscriptionChurnTests(SharedNodes shared, ITestOutputHelper output)
    : SharedNodesTest(shared, output)
{
    private const int Connections = 2000;
    private const int AtOnce = 8;

    [Fact]
    public async Task ThousandsOfShortStreams_LeaveTheStreamSubscriptionStateBounded()
    {
        var report = new Report(Output, "subscription churn");
        var tenants = new List<(string Tenant, AuthenticationHeaderValue Auth)>();
        for (var t = 0; t < 3; t++)
        {
            var (user, auth) = await NewUserAsync("churn");
            await Gateways[0].InsertOkAsync(auth, "hello", "1");
            tenants.Add((user.Tenant, auth));
        }

        // The yardstick: each tenant's state while both gateways hold a subscription, its largest honest size.
        var held = new List<WatchedStream>();
        foreach (var (_, auth) in tenants)
        {
            foreach (var gateway in Gateways)
            {
                held.Add(await WatchedStream.OpenAsync("held", gateway, auth));
            }
        }

        foreach (var stream in held)
        {
            await stream.WaitForIdAsync(1);
        }

        var subscribed = await ReadSubscriptionStateAsync(tenants);
        foreach (var stream in held)
        {
            await stream.DisposeAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(async worker =>
        {
            for (var i = worker; i < Connections; i += AtOnce)
            {
                var (_, auth) = tenants[i % tenants.Count];
                await using var stream = await WatchedStream.OpenAsync($"stream {i}", Gateways[i / 3 % 2], auth);
                await stream.WaitForIdAsync(1);
            }
        }));
        var afterChurn = await ReadSubscriptionStateAsync(tenants);

        report.Line($"{Connections} streams opened and closed, {AtOnce} at a time, over 3 tenants and 2 gateways");
        report.Line("pub-sub state (BrokerPubSub) with both gateways subscribed: " + Describe(subscribed));
        report.Line("pub-sub state right after the churn: " + Describe(afterChurn));
        Assert.Equal(tenants.Count, subscribed.Count);
        Assert.Equal(subscribed.Keys.Order(), afterChurn.Keys.Order());
        foreach (var (tenant, size) in afterChurn)
        {
            // Each consumer adds its ids to the row, so a row no larger than with two consumers holds at most two.
            Assert.InRange(size, 1, subscribed[tenant]);
        }

        // A tenant's next connection subscribes afresh and is served live.
        var (_, first) = tenants[0];
        await using var again = await WatchedStream.OpenAsync("after the churn", Gateways[1], first);
        var id = await Gateways[0].InsertOkAsync(first, "after", "2");
        await again.WaitForIdAsync(id);
        report.Line("a new stream after the churn is served live");
    }

    private static string Describe(Dictionary<string, int> sizes) =>
        $"{sizes.Count} row(s), one per tenant stream, of " +
        string.Join(", ", sizes.Values.Select(size => $"{size} B"));

    /// <summary>
    /// The size of each tenant stream's pub-sub state, read straight from the <c>BrokerPubSub</c> table: one row per
    /// stream (partition key <c>&lt;service&gt;_pubsubrendezvous_TenantStreams_tenant_&lt;tenant&gt;</c>) whose
    /// serialized <c>Data</c> holds the stream's producers and consumers.
    /// </summary>
    private async Task<Dictionary<string, int>> ReadSubscriptionStateAsync(
        IReadOnlyList<(string Tenant, AuthenticationHeaderValue Auth)> tenants)
    {
        var table = new TableClient(Cluster.Storage.ConnectionString, "BrokerPubSub");
        var sizes = new Dictionary<string, int>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            var tenant = tenants.FirstOrDefault(t =>
                row.PartitionKey.EndsWith("_tenant_" + t.Tenant, StringComparison.Ordinal)).Tenant;
            if (tenant is not null)
            {
                Assert.False(sizes.ContainsKey(tenant), $"two pub-sub rows for tenant {tenant}");
                sizes[tenant] = row.GetBinary("Data")?.Length ?? 0;
            }
        }

        return sizes;
    }
}
