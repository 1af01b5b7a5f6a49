using Broker.Events;
using Broker.Identity;
using Broker.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Broker.Hosting;

/// <summary>
/// Everything a silo needs to host Broker's grains, shared by the silo host and the grain tests so both run
/// the same configuration. Clustering and endpoints are the host's own business and are not set here.
/// </summary>
public static class BrokerSiloBuilderExtensions
{
    /// <summary>
    /// Registers Broker's storage (grain storages, <c>PubSubStore</c> and the event and directory tables, all on
    /// Azure Table storage), the tenant stream provider and the services the grains use.
    /// </summary>
    /// <param name="silo">The silo being configured.</param>
    /// <param name="storageConnectionString">The Azure Storage (or Azurite) connection string.</param>
    /// <param name="configureIdentity">Adjusts identity settings such as the bcrypt cost.</param>
    /// <param name="configureStreams">Adjusts how tenant messages are delivered: stream type, poll period.</param>
    public static ISiloBuilder AddBroker(this ISiloBuilder silo, string storageConnectionString,
        Action<IdentityOptions>? configureIdentity = null, Action<TenantStreamOptions>? configureStreams = null)
    {
        var storage = new BrokerStorage(storageConnectionString);
        var services = silo.Services;
        services.AddSingleton(storage);
        services.AddSingleton<EventLogTable>();
        services.AddSingleton<UserDirectoryTable>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<IdentityAudit>();
        services.TryAddKeyedSingleton(BrokerServiceKeys.Clock, TimeProvider.System);
        services.AddOptions<IdentityOptions>().Configure(options => configureIdentity?.Invoke(options));

        silo.AddMappedTableGrainStorage(StorageNames.Users, storage, TableNames.UserState);
        silo.AddMappedTableGrainStorage(StorageNames.Cluster, storage, TableNames.ClusterState);

        // Subscriptions must outlive silo restarts, so PubSubStore is durable like the rest.
        silo.AddAzureTableGrainStorage(StorageNames.PubSub, options => UseTable(options, storage, TableNames.PubSub));
        var streams = new TenantStreamOptions();
        configureStreams?.Invoke(streams);
        silo.AddTenantStreams(storageConnectionString, streams);
        return silo;
    }

    /// <summary>
    /// An Azure Table grain storage registered under an inner name, exposed under <paramref name="name"/> through
    /// <see cref="OutageMappingGrainStorage"/>, so grains see outages as <see cref="StorageUnavailableException"/>.
    /// </summary>
    private static void AddMappedTableGrainStorage(this ISiloBuilder silo, string name, BrokerStorage storage,
        string table)
    {
        var innerName = name + ".table";
        silo.AddAzureTableGrainStorage(innerName, options => UseTable(options, storage, table));
        silo.Services.AddGrainStorage(name, (services, _) =>
            new OutageMappingGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(innerName)));
    }

    private static void UseTable(AzureTableStorageOptions options, BrokerStorage storage, string table)
    {
        options.TableName = table;
        options.TableServiceClient = storage.CreateServiceClient();
    }
}
