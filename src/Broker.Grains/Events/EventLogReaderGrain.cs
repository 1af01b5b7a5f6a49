namespace Broker.Events;

/// <summary>Reads tenants' event logs straight from the table; any silo serves it, many at a time.</summary>
[StatelessWorker]
public sealed class EventLogReaderGrain(EventLogTable log) : Grain, IEventLogReaderGrain
{
    /// <summary>The most events one read returns; callers page with the last id they got.</summary>
    public const int MaxPage = 1000;

    public async Task<IReadOnlyList<StoredEvent>> ReadAfter(string tenant, long afterId, int max)
    {
        if (max <= 0)
        {
            return [];
        }

        var from = Math.Max(0, afterId);
        var count = Math.Min(max, MaxPage);
        var through = from > long.MaxValue - count ? long.MaxValue : from + count;
        return await log.ReadRangeAsync(tenant, from, through);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadLatest(string tenant) => await log.ReadLatestAsync(tenant);
}
