namespace Broker.Events;

/// <summary>
/// The single writer of one tenant's event log, keyed by tenant name. It numbers each insert, makes it
/// durable, and only then answers and publishes it on the tenant's stream.
/// </summary>
public interface ITenantEventsGrain : IGrainWithStringKey
{
    /// <param name="name">The event name.</param>
    /// <param name="data">Compact, pure-ASCII JSON.</param>
    /// <exception cref="StorageUnavailableException">Storage did not take the write; nothing was acknowledged.</exception>
    Task<Outcome<StoredEvent>> Append(string name, string data);

    /// <summary>The id of the newest durable event, 0 when the log is empty.</summary>
    [AlwaysInterleave]
    Task<long> GetLatestId();

    /// <summary>Tells every gateway to close the streams of <paramref name="username"/> in this tenant.</summary>
    Task SignOut(string username);
}

/// <summary>Reads a tenant's event log. Stateless: any silo serves it.</summary>
public interface IEventLogReaderGrain : IGrainWithIntegerKey
{
    /// <summary>Events with ids in (<paramref name="afterId"/>, <paramref name="afterId"/> + <paramref name="max"/>], in order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAfter(string tenant, long afterId, int max);

    /// <summary>The latest event of every event name, in id order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadLatest(string tenant);
}
