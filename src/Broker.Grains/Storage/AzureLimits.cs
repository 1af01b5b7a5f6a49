using Azure.Data.Tables;

namespace Broker.Storage;

/// <summary>
/// The limits of real Azure Table storage. Azurite does not enforce all of them, so the code does.
/// </summary>
public static class AzureLimits
{
    /// <summary>Operations in one batch transaction.</summary>
    public const int MaxBatchOperations = 100;

    /// <summary>The request payload of one batch transaction.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    /// <summary>All properties of one entity, keys included, as Azure counts them.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>One binary property; a string property holds half as many UTF-16 characters.</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>
    /// The size Azure charges an entity with: 4 bytes, plus both keys in UTF-16, plus for each property
    /// 8 bytes, its name in UTF-16 and its value (strings in UTF-16 plus 4, binary plus 4, numbers 8).
    /// </summary>
    public static int EntitySize(
        string partitionKey, string rowKey, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        var size = 4 + (partitionKey.Length * 2) + (rowKey.Length * 2);
        foreach (var (name, value) in properties)
        {
            size += 8 + (name.Length * 2) + value switch
            {
                string text => (text.Length * 2) + 4,
                byte[] bytes => bytes.Length + 4,
                BinaryData data => data.ToMemory().Length + 4,
                bool => 1,
                int => 4,
                Guid => 16,
                _ => 8,
            };
        }

        return size;
    }

    /// <summary>The size Azure charges <paramref name="entity"/> with, its system properties left out.</summary>
    public static int EntitySize(TableEntity entity) => EntitySize(entity.PartitionKey, entity.RowKey,
        entity.Where(property => property.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")));

    /// <summary>Throws when an entity breaks Azure's per-entity or per-property limits, before it is sent.</summary>
    /// <exception cref="InvalidOperationException">The entity is too large; a bug in whoever built it.</exception>
    public static void EnsureFits(TableEntity entity)
    {
        foreach (var (name, value) in entity)
        {
            var bytes = value switch
            {
                string text => text.Length * 2,
                byte[] binary => binary.Length,
                _ => 0,
            };
            if (bytes > MaxPropertyBytes)
            {
                throw new InvalidOperationException(
                    $"Property {name} has {bytes} bytes; Azure takes {MaxPropertyBytes}.");
            }
        }

        var size = EntitySize(entity);
        if (size > MaxEntityBytes)
        {
            throw new InvalidOperationException($"An entity of {size} bytes exceeds Azure's {MaxEntityBytes}.");
        }
    }
}
