using System.Net.Http.Headers;

namespace Broker.Cluster.Tests.Nodes;

/// <summary>A running cluster and one API per gateway, in the cluster's order.</summary>
public sealed class Nodes : IAsyncDisposable
{
    private Nodes(MultiNodeCluster cluster)
    {
        Cluster = cluster;
        Gateways = [.. cluster.Gateways.Select(gateway => new GatewayApi(gateway.BaseAddress))];
    }

    public MultiNodeCluster Cluster { get; }

    public GatewayApi[] Gateways { get; }

    public static async Task<Nodes> StartAsync(MultiNodeOptions options) =>
        new(await MultiNodeCluster.StartAsync(options));

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in Gateways)
        {
            gateway.Dispose();
        }

        await Cluster.DisposeAsync();
    }
}

/// <summary>
/// A test class whose every test gets a cluster of its own: fault tests kill nodes, so no two of them share one.
/// </summary>
public abstract class ClusterTest(ITestOutputHelper output, MultiNodeOptions? options = null) : IAsyncLifetime
{
    private Nodes? _nodes;

    protected MultiNodeCluster Cluster => Nodes.Cluster;

    protected ITestOutputHelper Output => output;

    /// <summary>One API per gateway, in the cluster's order.</summary>
    protected GatewayApi[] Gateways => Nodes.Gateways;

    /// <summary>The cluster; a test class over a shared one returns the shared one.</summary>
    protected virtual Nodes Nodes => _nodes ?? throw new InvalidOperationException("The cluster did not start.");

    /// <summary>False for test classes that share a cluster started elsewhere.</summary>
    protected virtual bool OwnsCluster => true;

    public async Task InitializeAsync()
    {
        if (OwnsCluster)
        {
            _nodes = await Nodes.StartAsync(options ?? new MultiNodeOptions());
        }
    }

    public async Task DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }
    }

    /// <summary>Creates a user in a new tenant and logs it in.</summary>
    protected async Task<(ClusterUser User, AuthenticationHeaderValue Bearer)> NewUserAsync(string label)
    {
        var user = ClusterUser.Unique(label, ClusterUser.UniqueTenant(label));
        await Gateways[0].CreateUserAsync(user);
        return (user, await Gateways[0].BearerAsync(user));
    }

    /// <summary>Opens subscribers spread over the gateways, each resuming after <paramref name="afterId"/>.</summary>
    protected List<Subscriber> Subscribe(int count, AuthenticationHeaderValue auth, long afterId,
        Func<int, int>? gatewayOf = null) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var gateway = gatewayOf?.Invoke(i) ?? i % Gateways.Length;
            return new Subscriber($"subscriber {i + 1} (gateway {gateway + 1})", Gateways, gateway, auth, afterId);
        })];

    /// <summary>Inserts a marker through the first gateway that serves it, waiting while the cluster refuses.</summary>
    protected async Task<long> InsertMarkerWhenServedAsync(AuthenticationHeaderValue auth, string at)
    {
        long id = 0;
        await Eventually.True(async () =>
        {
            foreach (var gateway in Gateways)
            {
                try
                {
                    var answer = await gateway.InsertAsync(auth, "marker", $$"""{"at":"{{at}}"}""");
                    if (answer.Status == HttpStatusCode.OK)
                    {
                        id = long.Parse(answer.Json!["id"]!.GetValue<string>(),
                            System.Globalization.CultureInfo.InvariantCulture);
                        return true;
                    }
                }
                catch (HttpRequestException)
                {
                    // A gateway this test stopped; the next one is asked.
                }
            }

            return false;
        }, $"the cluster to accept the '{at}' marker");
        return id;
    }

    /// <summary>Waits for every subscriber to reach <paramref name="id"/>, then stops them all.</summary>
    protected static async Task WaitAndStopAsync(IEnumerable<Subscriber> subscribers, long id)
    {
        foreach (var subscriber in subscribers)
        {
            await subscriber.WaitForIdAsync(id, TimeSpan.FromSeconds(90));
        }
    }

    /// <summary>Counts lines of every gateway's output that contain <paramref name="text"/>.</summary>
    protected int CountGatewayLines(string text) =>
        Cluster.Gateways.Sum(gateway =>
            gateway.Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal)));

    protected static async Task DisposeAllAsync(IEnumerable<Subscriber> subscribers)
    {
        foreach (var subscriber in subscribers)
        {
            await subscriber.DisposeAsync();
        }
    }
}
