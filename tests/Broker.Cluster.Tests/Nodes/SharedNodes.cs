namespace Broker.Cluster.Tests.Nodes;

/// <summary>
/// One cluster for the tests that kill nothing (delivery across nodes, sign-outs, subscription churn): they keep
/// apart by their own tenants and users, and the seconds a cluster takes to start are spent once.
/// </summary>
public sealed class SharedNodes : IAsyncLifetime
{
    private Nodes? _nodes;

    public Nodes Nodes => _nodes ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync() => _nodes = await Nodes.StartAsync(new MultiNodeOptions());

    public async Task DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedNodesCollection : ICollectionFixture<SharedNodes>
{
    public const string Name = "Shared nodes";
}

/// <summary>A test class that runs against <see cref="SharedNodes"/>.</summary>
[Collection(SharedNodesCollection.Name)]
public abstract class SharedNodesTest(SharedNodes shared, ITestOutputHelper output) : ClusterTest(output)
{
    protected override Nodes Nodes => shared.Nodes;

    protected override bool OwnsCluster => false;
}
