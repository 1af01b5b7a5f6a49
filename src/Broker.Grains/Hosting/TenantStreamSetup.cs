using Azure.Core;
using Azure.Storage.Queues;
using Broker.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Broker.Hosting;

/// <summary>Registers the tenant stream provider in a silo, as <see cref="TenantStreamOptions"/> say.</summary>
internal static class TenantStreamSetup
{
    public static void AddTenantStreams(this ISiloBuilder silo, string storageConnectionString,
        TenantStreamOptions streams)
    {
        silo.Services.AddSingleton(streams);
        switch (streams.Kind)
        {
            case TenantStreamKind.Memory:
                silo.AddMemoryStreams(TenantStreams.Provider, stream =>
                {
                    stream.ConfigurePartitioning(TenantStreamKinds.QueueCount);
                    stream.ConfigurePullingAgent(agent => agent.Configure(options => Deliver(options, streams)));
                });
                break;
            case TenantStreamKind.AzureQueue:
                silo.AddAzureQueueStreams(TenantStreams.Provider, (SiloAzureQueueStreamConfigurator stream) =>
                {
                    stream.ConfigureAzureQueue(queue => queue.Configure<IOptions<ClusterOptions>>((options, cluster) =>
                    {
                        options.QueueServiceClient = new QueueServiceClient(storageConnectionString, QueueOptions());
                        options.QueueNames = [.. TenantStreamKinds.AzureQueueNames(cluster.Value.ServiceId)];
                    }));
                    stream.ConfigurePullingAgent(agent => agent.Configure(options => Deliver(options, streams)));
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(streams), streams.Kind, "Unknown tenant stream kind.");
        }
    }

    private static void Deliver(StreamPullingAgentOptions options, TenantStreamOptions streams)
    {
        options.GetQueueMsgsTimerPeriod = streams.PollPeriod;
        options.BatchContainerBatchSize = TenantStreamOptions.DeliveryBatchSize;
    }

    // As for the tables: a few quick retries, so that a publish to an unreachable account fails within seconds
    // (the event is in the log, gateways read it there) rather than holding the tenant's inserts for minutes.
    private static QueueClientOptions QueueOptions()
    {
        var options = new QueueClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(4);
        return options;
    }
}
