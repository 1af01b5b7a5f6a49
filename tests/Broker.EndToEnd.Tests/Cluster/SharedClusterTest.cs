namespace Broker.EndToEnd.Cluster;

/// <summary>A test class that runs against the shared cluster.</summary>
[Collection(SharedClusterCollection.Name)]
public abstract class SharedClusterTest(SharedCluster shared)
{
    protected BrokerApi Api => shared.Api;

    protected BrokerCluster Cluster => shared.Cluster;

    /// <summary>A second gateway of the same cluster (see <see cref="SharedCluster.SecondGatewayAsync"/>).</summary>
    protected Task<BrokerApi> SecondGatewayAsync() => shared.SecondGatewayAsync();

    /// <summary>Creates a user with unique names and returns it.</summary>
    protected async Task<TestUser> NewUserAsync(string label = "user", string? tenant = null,
        Action<JsonObject>? extra = null)
    {
        var user = TestUser.Unique(label, tenant);
        await Api.CreateUserAsync(user, extra);
        return user;
    }
}
