using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Broker.Storage;

namespace Broker.Events;

/// <summary>
/// How a tenant's log lies in the events table. Partition: hex of the tenant name. Rows: <c>L</c> + the id as
/// 19 digits (the log, in id order), <c>N</c> + hex of the event name (the latest event of that name), and
/// <c>H</c> (the head: the newest id, written in the same batch as the rows it covers).
/// </summary>
internal static class EventRows
{
    public const string HeadRowKey = "H";
    public const string LogPrefix = "L";
    public const string LatestPrefix = "N";

    private const string IdProperty = "Id";
    private const string NameProperty = "Name";
    private const string PartsProperty = "Parts";
    private const string DataPrefix = "D";

    public static string PartitionKey(string tenant) => TableKeys.Hex(tenant);

    public static string LogRowKey(long id) => LogPrefix + id.ToString("D19", CultureInfo.InvariantCulture);

    public static string LatestRowKey(string name) => LatestPrefix + TableKeys.Hex(name);

    public static TableEntity Head(string partitionKey, long latestId) =>
        new(partitionKey, HeadRowKey) { [IdProperty] = latestId };

    public static long HeadId(TableEntity head) => head.GetInt64(IdProperty) ?? 0;

    /// <summary>An event as a row. The data is split over binary properties of at most 64 KiB each.</summary>
    public static TableEntity ToEntity(string partitionKey, string rowKey, StoredEvent stored)
    {
        var bytes = Encoding.UTF8.GetBytes(stored.Data);
        var parts = PartCount(bytes.Length);
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [IdProperty] = stored.Id,
            [NameProperty] = stored.Name,
            [PartsProperty] = parts,
        };
        for (var part = 0; part < parts; part++)
        {
            var offset = part * AzureLimits.MaxPropertyBytes;
            var length = Math.Min(AzureLimits.MaxPropertyBytes, bytes.Length - offset);
            entity[DataPrefix + part.ToString(CultureInfo.InvariantCulture)] = bytes.AsSpan(offset, length).ToArray();
        }

        return entity;
    }

    public static StoredEvent FromEntity(TableEntity entity)
    {
        var parts = entity.GetInt32(PartsProperty) ?? 0;
        using var data = new MemoryStream();
        for (var part = 0; part < parts; part++)
        {
            var bytes = entity.GetBinary(DataPrefix + part.ToString(CultureInfo.InvariantCulture));
            data.Write(bytes);
        }

        var id = entity.GetInt64(IdProperty) ?? 0;
        var name = entity.GetString(NameProperty) ?? string.Empty;
        return new StoredEvent(id, name, Encoding.UTF8.GetString(data.GetBuffer(), 0, (int)data.Length));
    }

    /// <summary>
    /// A generous estimate of what one row of this event adds to a batch request: base64 of the data, the
    /// name as JSON-escaped text in the worst case, keys, and the multipart headers around each operation.
    /// </summary>
    public static int PayloadEstimate(string name, string data)
    {
        const int operationOverhead = 2048;
        const int perPropertyOverhead = 64;
        var parts = PartCount(data.Length);
        var base64 = ((data.Length + 2) / 3) * 4;
        return operationOverhead + (name.Length * 6 * 2) + (parts * perPropertyOverhead) + base64;
    }

    private static int PartCount(int bytes) =>
        Math.Max(1, (bytes + AzureLimits.MaxPropertyBytes - 1) / AzureLimits.MaxPropertyBytes);
}
