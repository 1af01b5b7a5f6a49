using Azure.Data.Tables;
using Broker.Events;
using Broker.Gateway.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Broker.Gateway.Hosting;

/// <summary>The gateway as an Orleans client: it finds the silos in the Azure Table membership table.</summary>
public static class OrleansClientSetup
{
    /// <summary>How long a grain call may take before the gateway answers 503.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    public static IHostApplicationBuilder UseBrokerOrleansClient(this IHostApplicationBuilder builder,
        GatewaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
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
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = ResponseTimeout);
            client.UseAzureStorageClustering(options =>
                options.TableServiceClient = new TableServiceClient(settings.StorageConnectionString));

            // Same name and same type as in the silos; a mismatch would not be detected, messages would just sit.
            // The poll period and delivery batch size are not set here: only silos run pulling agents.
            client.AddMemoryStreams(TenantStreams.Provider);
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        });
        return builder;
    }
}
