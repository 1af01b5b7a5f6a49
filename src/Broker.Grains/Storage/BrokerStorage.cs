using Azure.Core;
using Azure.Data.Tables;

namespace Broker.Storage;

/// <summary>
/// The storage account every Broker table lives in. Creates each table once, on first use, so a silo can start
/// before storage has any table.
/// </summary>
public sealed class BrokerStorage
{
    private readonly TableServiceClient _service;
    private readonly Dictionary<string, Task<TableClient>> _tables = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public BrokerStorage(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        _service = CreateServiceClient();
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Client options that bound every storage call: two quick retries and a few seconds per attempt, so a
    /// dead storage account fails a request within seconds (a refused connection in well under one) instead
    /// of the SDK's default of minutes.
    /// </summary>
    public static TableClientOptions CreateClientOptions()
    {
        var options = new TableClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(4);
        return options;
    }

    /// <summary>A new service client on this account with <see cref="CreateClientOptions"/>.</summary>
    public TableServiceClient CreateServiceClient() => new(ConnectionString, CreateClientOptions());

    /// <summary>The named table, created if it does not exist yet.</summary>
    /// <exception cref="StorageUnavailableException">Storage did not answer.</exception>
    public async Task<TableClient> GetTableAsync(string name)
    {
        Task<TableClient> task;
        lock (_lock)
        {
            if (!_tables.TryGetValue(name, out task!) || task.IsFaulted || task.IsCanceled)
            {
                task = CreateTableAsync(name);
                _tables[name] = task;
            }
        }

        try
        {
            return await task;
        }
        catch (Exception exception) when (StorageErrors.IsTransient(exception))
        {
            throw new StorageUnavailableException($"storage is unavailable (table {name})");
        }
    }

    private async Task<TableClient> CreateTableAsync(string name)
    {
        var table = _service.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
