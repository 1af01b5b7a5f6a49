using Broker.Events;

namespace Broker.Gateway.Streaming;

/// <summary>The reads of a tenant's event log that streaming needs.</summary>
public interface ITenantLog
{
    /// <summary>The newest durable id, 0 for an empty log.</summary>
    Task<long> GetLatestIdAsync(string tenant);

    /// <summary>
    /// Events with ids in (<paramref name="afterId"/>, <paramref name="afterId"/> + <paramref name="max"/>], in order.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(string tenant, long afterId, int max);

    /// <summary>The latest event of every event name, in id order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadLatestAsync(string tenant);
}

/// <summary>The event log as the grains serve it.</summary>
public sealed class OrleansTenantLog(IGrainFactory grains) : ITenantLog
{
    public Task<long> GetLatestIdAsync(string tenant) => grains.GetGrain<ITenantEventsGrain>(tenant).GetLatestId();

    public Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(string tenant, long afterId, int max) =>
        grains.GetGrain<IEventLogReaderGrain>(0).ReadAfter(tenant, afterId, max);

    public Task<IReadOnlyList<StoredEvent>> ReadLatestAsync(string tenant) =>
        grains.GetGrain<IEventLogReaderGrain>(0).ReadLatest(tenant);
}
