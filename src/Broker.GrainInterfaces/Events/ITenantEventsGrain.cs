namespace Broker.Events;

/// <summary>
/// The single writer of one tenant's event log, keyed by tenant name. It numbers each insert, makes it
/// durable, and only then answers and publishes it on the tenant's stream.
/// </summary>
public interface ITenantEventsGrain : IGrainWithStringKey
{
    /// <param name="name">The event name.</param>
    /// <param name="data">Compact, pure-ASCII JSON.</param>
    /// <param name="maxQueueWait">
    /// How long the insert may wait behind others before its write starts; past it, it is refused unwritten. The
    /// caller passes well under its own time-out, so that an overloaded log refuses honestly instead of storing an
    /// event whose caller has given up.
    /// </param>
    /// <returns>The stored event, or a 400 or 503 <see cref="Failure"/> whose message says whether it was stored.</returns>
    Task<Outcome<StoredEvent>> Append(string name, string data, TimeSpan maxQueueWait);

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
