using Azure.Data.Tables;
using Broker.Hosting;
using Broker.Storage;
using Orleans.Configuration;

namespace Broker.Silo;

/// <summary>Turns <see cref="SiloSettings"/> into the silo's Orleans configuration.</summary>
public static class SiloHosting
{
    public static ISiloBuilder ConfigureBrokerSilo(this ISiloBuilder silo, SiloSettings settings)
    {
        if (settings.InKubernetes)
        {
            // Before our own options, so that the Broker settings win where both set a value; what this adds is a
            // watch on the pods, so that a silo whose pod is deleted is declared dead at once instead of after
            // the membership probes time out, and the pod name as the silo name.
            silo.UseKubernetesHosting();
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        silo.ConfigureEndpoints(settings.AdvertisedIp, settings.SiloPort, settings.GatewayPort,
            listenOnAnyHostAddress: settings.InKubernetes);

        // A silo is declared dead after three missed probes. At the default five seconds a crash cost 14 to 15 s
        // of refused calls in the fault test; at two it costs 2 to 6 s, and a live silo must still stall for six
        // seconds to be taken for dead.
        silo.Configure<ClusterMembershipOptions>(options => options.ProbeTimeout = TimeSpan.FromSeconds(2));

        // Membership stays in Orleans' default table, which gateways (Orleans clients) read to find silos.
        silo.UseAzureStorageClustering(options => options.TableServiceClient =
            new TableServiceClient(settings.StorageConnectionString, BrokerStorage.CreateClientOptions()));
        silo.AddBroker(settings.StorageConnectionString,
            identity => identity.BcryptCost = settings.BcryptCost,
            streams =>
            {
                streams.Kind = settings.StreamProvider;
                streams.PollPeriod = settings.StreamPollPeriod;
            });
        return silo;
    }
}
