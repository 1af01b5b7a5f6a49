using Azure.Data.Tables;
using Azure.Storage.Queues;
using Broker.Events;
using Broker.Gateway.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Broker.Gateway.Hosting;

/// <summary>The gateway as an Orleans client: it finds the silos in the Azure Table membership table.</summary>
public static class OrleansClientSetup
{
    // Read here rather than with the other gateway settings: only the cluster client uses it, and it must name the
    // same stream type as the silos' setting of the same name.
    private const string StreamProviderSetting = "stream_provider";

    public static IHostApplicationBuilder UseBrokerOrleansClient(this IHostApplicationBuilder builder,
        GatewaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var streams = TenantStreamKinds.Parse(builder.Configuration[StreamProviderSetting]);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            // A call whose silo died after taking it is never answered; Orleans gives up on it after this long. The
            // default of 30 s would hold an insert (and a tenant hub) that long; the slowest honest call, a bcrypt
            // check queued behind others, takes well under a second.
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = settings.CallTimeout);
            client.UseAzureStorageClustering(options =>
                options.TableServiceClient = new TableServiceClient(settings.StorageConnectionString));
            client.AddTenantStreams(streams, settings.StorageConnectionString);
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        });
        return builder;
    }

    // Same name, same type and same queues as in the silos; a mismatch would not be detected, messages would just
    // sit. The poll period and delivery batch size are not set here: only silos run pulling agents.
    private static void AddTenantStreams(this IClientBuilder client, TenantStreamKind kind, string connectionString)
    {
        switch (kind)
        {
            case TenantStreamKind.Memory:
                client.AddMemoryStreams(TenantStreams.Provider,
                    stream => stream.ConfigurePartitioning(TenantStreamKinds.QueueCount));
                break;
            case TenantStreamKind.AzureQueue:
                client.AddAzureQueueStreams(TenantStreams.Provider, queue =>
                    queue.Configure<IOptions<ClusterOptions>>((options, cluster) =>
                    {
                        options.QueueServiceClient = new QueueServiceClient(connectionString);
                        options.QueueNames = [.. TenantStreamKinds.AzureQueueNames(cluster.Value.ServiceId)];
                    }));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tenant stream kind.");
        }
    }
}
