using Azure.Data.Tables;
using Broker.Storage;

namespace Broker.Identity;

/// <summary>
/// The user directory: one row per user with the public view, in one partition keyed by hex of the username,
/// so listing pages through the table in username order without waking any user grain.
/// </summary>
public sealed class UserDirectoryTable(BrokerStorage storage)
{
    private const string Partition = "user";

    /// <summary>Scopes never hold control characters, so a newline separates them unambiguously.</summary>
    private const char ScopeSeparator = '\n';

    /// <exception cref="StorageUnavailableException">Storage did not answer.</exception>
    public async Task WriteAsync(UserView view)
    {
        var entity = new TableEntity(Partition, TableKeys.Hex(view.Username))
        {
            ["Id"] = view.Id,
            ["Username"] = view.Username,
            ["TenantName"] = view.TenantName,
            ["Revoked"] = view.Revoked,
        };
        Put(entity, "Email", view.Email);
        Put(entity, "Scopes", view.Scopes is null ? null : string.Join(ScopeSeparator, view.Scopes));
        Put(entity, "DataJson", view.DataJson);
        if (view.TwoFactor is { } twoFactor)
        {
            entity["TwoFactor"] = twoFactor;
        }

        await storage.RunAsync(TableNames.UserDirectory,
            table => table.UpsertEntityAsync(entity, TableUpdateMode.Replace));
    }

    /// <summary>Up to <paramref name="max"/> users after <paramref name="after"/> (or from the first).</summary>
    /// <exception cref="StorageUnavailableException">Storage did not answer.</exception>
    public async Task<List<UserView>> ReadAsync(string? after, int max)
    {
        var from = after is null ? string.Empty : TableKeys.Hex(after);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {from}");
        return await storage.RunAsync(TableNames.UserDirectory, async table =>
        {
            var users = new List<UserView>(Math.Min(max, 1000));
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000)))
            {
                users.Add(ToView(entity));
                if (users.Count >= max)
                {
                    break;
                }
            }

            return users;
        });
    }

    private static UserView ToView(TableEntity entity) => new(
        entity.GetGuid("Id") ?? Guid.Empty,
        entity.GetString("Username") ?? TableKeys.FromHex(entity.RowKey),
        entity.GetString("TenantName") ?? string.Empty,
        entity.GetString("Email"),
        entity.GetString("Scopes") is { } scopes
            ? (scopes.Length == 0 ? [] : scopes.Split(ScopeSeparator))
            : null,
        entity.GetString("DataJson"),
        entity.GetBoolean("TwoFactor"),
        entity.GetBoolean("Revoked") ?? false);

    private static void Put(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }
}
