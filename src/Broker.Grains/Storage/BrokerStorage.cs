using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;

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

    /// <summary>
    /// Runs <paramref name="operation"/> on the named table, creating the table first if needed. A table that
    /// vanished since (storage wiped) is created again and the operation retried once.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage did not answer or failed on its side.</exception>
    public async Task<T> RunAsync<T>(string name, Func<TableClient, Task<T>> operation)
    {
        try
        {
            try
            {
                return await operation(await GetTableAsync(name));
            }
            catch (RequestFailedException exception) when (exception.ErrorCode == TableErrorCode.TableNotFound)
            {
                Forget(name);
                return await operation(await GetTableAsync(name));
            }
        }
        catch (Exception exception) when (exception is not StorageUnavailableException
            && StorageErrors.IsTransient(exception))
        {
            throw new StorageUnavailableException($"storage is unavailable (table {name})")
            {
                NothingSent = StorageErrors.NeverReachedStorage(exception),
            };
        }
    }

    /// <inheritdoc cref="RunAsync{T}(string, Func{TableClient, Task{T}})"/>
    public Task RunAsync(string name, Func<TableClient, Task> operation) =>
        RunAsync(name, async table =>
        {
            await operation(table);
            return true;
        });

    private Task<TableClient> GetTableAsync(string name)
    {
        lock (_lock)
        {
            if (!_tables.TryGetValue(name, out var task) || task.IsFaulted || task.IsCanceled)
            {
                task = CreateTableAsync(name);
                _tables[name] = task;
            }

            return task;
        }
    }

    private void Forget(string name)
    {
        lock (_lock)
        {
            _tables.Remove(name);
        }
    }

    private async Task<TableClient> CreateTableAsync(string name)
    {
        var table = _service.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
