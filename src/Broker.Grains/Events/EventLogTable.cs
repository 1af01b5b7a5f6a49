using Azure.Data.Tables;
using Broker.Storage;

namespace Broker.Events;

/// <summary>Reads and writes tenants' event logs in the events table (layout in <see cref="EventRows"/>).</summary>
public sealed class EventLogTable(BrokerStorage storage)
{
    private long _batches;

    /// <summary>Batch transactions this silo has committed: grouped inserts make fewer batches than events.</summary>
    public long BatchesCommitted => Interlocked.Read(ref _batches);

    /// <summary>The newest durable id of the tenant, 0 for an empty log.</summary>
    /// <exception cref="StorageUnavailableException">Storage did not answer.</exception>
    public async Task<long> ReadHeadAsync(string tenant)
    {
        return await storage.RunAsync(TableNames.Events, async table =>
        {
            var head = await table.GetEntityIfExistsAsync<TableEntity>(
                EventRows.PartitionKey(tenant), EventRows.HeadRowKey);
            return head.HasValue ? EventRows.HeadId(head.Value!) : 0;
        });
    }

    /// <summary>
    /// Writes consecutive events as one batch transaction: their log rows (inserted, so an id is never written
    /// twice), the latest-per-name rows, and the head. Either all of it is durable or none of it.
    /// </summary>
    /// <exception cref="EventLogConflictException">A log row already exists: another write got there first.</exception>
    /// <exception cref="StorageUnavailableException">Storage did not take the batch.</exception>
    public async Task CommitAsync(string tenant, IReadOnlyList<StoredEvent> events)
    {
        var partitionKey = EventRows.PartitionKey(tenant);
        var actions = new List<TableTransactionAction>(events.Count * 2 + 1);
        var latest = new Dictionary<string, StoredEvent>(StringComparer.Ordinal);
        foreach (var stored in events)
        {
            actions.Add(new(TableTransactionActionType.Add,
                EventRows.ToEntity(partitionKey, EventRows.LogRowKey(stored.Id), stored)));
            latest[stored.Name] = stored;
        }

        foreach (var stored in latest.Values)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace,
                EventRows.ToEntity(partitionKey, EventRows.LatestRowKey(stored.Name), stored)));
        }

        actions.Add(new(TableTransactionActionType.UpsertReplace, EventRows.Head(partitionKey, events[^1].Id)));
        foreach (var action in actions)
        {
            AzureLimits.EnsureFits((TableEntity)action.Entity);
        }

        if (actions.Count > AzureLimits.MaxBatchOperations)
        {
            throw new InvalidOperationException($"A batch of {actions.Count} operations exceeds Azure's limit.");
        }

        await storage.RunAsync(TableNames.Events, async table =>
        {
            try
            {
                await table.SubmitTransactionAsync(actions);
                Interlocked.Increment(ref _batches);
            }
            catch (Exception exception) when (StorageErrors.IsConflict(exception))
            {
                throw new EventLogConflictException();
            }
        });
    }

    /// <summary>The events with ids in (<paramref name="afterId"/>, <paramref name="throughId"/>], in order.</summary>
    /// <exception cref="StorageUnavailableException">Storage did not answer.</exception>
    public Task<List<StoredEvent>> ReadRangeAsync(string tenant, long afterId, long throughId)
    {
        var partitionKey = EventRows.PartitionKey(tenant);
        var from = EventRows.LogRowKey(afterId);
        var through = EventRows.LogRowKey(throughId);
        return QueryAsync(TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and RowKey gt {from} and RowKey le {through}"));
    }

    /// <summary>The latest event of every name, in id order.</summary>
    /// <exception cref="StorageUnavailableException">Storage did not answer.</exception>
    public async Task<List<StoredEvent>> ReadLatestAsync(string tenant)
    {
        // Every latest row key starts with N and is followed by hex digits, so all of them lie below "O".
        var partitionKey = EventRows.PartitionKey(tenant);
        var events = await QueryAsync(TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and RowKey ge {EventRows.LatestPrefix} and RowKey lt {"O"}"));
        events.Sort((a, b) => a.Id.CompareTo(b.Id));
        return events;
    }

    private Task<List<StoredEvent>> QueryAsync(string filter) =>
        storage.RunAsync(TableNames.Events, async table =>
        {
            var events = new List<StoredEvent>();
            await foreach (var entity in table.QueryAsync<TableEntity>(filter))
            {
                events.Add(EventRows.FromEntity(entity));
            }

            return events;
        });
}

/// <summary>A log row the writer meant to insert exists already.</summary>
public sealed class EventLogConflictException : Exception
{
    public EventLogConflictException() : base("The event log has rows this writer did not know of.")
    {
    }

    public EventLogConflictException(string message) : base(message)
    {
    }

    public EventLogConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
