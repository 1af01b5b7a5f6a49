namespace Broker.Storage;

/// <summary>
/// The Azure tables Broker owns. Azure allows only letters and digits in a table name, starting with a letter
/// (a dash makes the silo fail at start), so none of these may ever gain a separator.
/// </summary>
public static class TableNames
{
    /// <summary>Every tenant's event log: log rows, latest-per-name rows and one head row per tenant.</summary>
    public const string Events = "BrokerEvents";

    /// <summary>The public view of every user, one row each, in username order.</summary>
    public const string UserDirectory = "BrokerUsers";

    /// <summary>User grain state (the <see cref="StorageNames.Users"/> grain storage).</summary>
    public const string UserState = "BrokerUserState";

    /// <summary>Cluster key grain state (the <see cref="StorageNames.Cluster"/> grain storage).</summary>
    public const string ClusterState = "BrokerClusterState";

    /// <summary>Stream subscriptions (the <c>PubSubStore</c> grain storage).</summary>
    public const string PubSub = "BrokerPubSub";
}

/// <summary>Names of the Orleans grain storages the grains ask for.</summary>
public static class StorageNames
{
    public const string Users = "users";

    public const string Cluster = "cluster";

    /// <summary>The name Orleans streams look up for their subscription state.</summary>
    public const string PubSub = "PubSubStore";
}
