using Azure.Data.Tables;
using Broker.Events;
using Broker.Gateway.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Broker.Gateway.Hosting;

/// <summary>The gateway as an Orleans client: it finds the silos in the Azure Table membership table.</summary>
public static class OrleansClientSetup
{
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
            client.UseAzureStorageClustering(options =>
                options.TableServiceClient = new TableServiceClient(settings.StorageConnectionString));

            // Same name and same type as in the silos; a mismatch would not be detected, messages would just sit.
            client.AddMemoryStreams(TenantStreams.Provider);
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        });
        return builder;
    }
}
