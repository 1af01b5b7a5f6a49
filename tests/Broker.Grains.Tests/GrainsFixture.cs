using Azure.Storage.Queues;
using Broker.Events;
using Broker.Hosting;
using Broker.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Broker;

/// <summary>
/// One Azurite for the whole test assembly and one shared one-silo cluster on it, configured exactly as the real
/// silo configures itself (<see cref="BrokerSiloBuilderExtensions.AddBroker"/>). Tests that need a cluster of
/// their own (a restart, a second cluster on the same storage) start one with <see cref="StartClusterAsync"/>.
/// </summary>
public sealed class GrainsFixture : IAsyncLifetime
{
    private readonly List<InProcessTestCluster> _clusters = [];
    private AzuriteServer? _azurite;

    /// <summary>The identity clock of every cluster of this fixture; tests move it forward, never back.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public AzuriteServer Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        Cluster = await StartClusterAsync(NewServiceId());
    }

    public static string NewServiceId() => "grains-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// A new one-silo cluster on <paramref name="connectionString"/> (default: this Azurite), its tenant streams of
    /// the given kind.
    /// </summary>
    public async Task<InProcessTestCluster> StartClusterAsync(string serviceId, string? connectionString = null,
        TenantStreamKind streams = TenantStreamKind.Memory)
    {
        var storage = connectionString ?? Azurite.ConnectionString;
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(BrokerServiceKeys.Clock, Clock);
            silo.AddBroker(storage, identity => identity.BcryptCost = 4, options => options.Kind = streams);
        });

        // As the gateway registers them: same name, type and queues as the silo.
        builder.ConfigureClient(client =>
        {
            if (streams == TenantStreamKind.AzureQueue)
            {
                client.AddAzureQueueStreams(TenantStreams.Provider, queue => queue.Configure(options =>
                {
                    options.QueueServiceClient = new QueueServiceClient(storage);
                    options.QueueNames = [.. TenantStreamKinds.AzureQueueNames(serviceId)];
                }));
            }
            else
            {
                client.AddMemoryStreams(TenantStreams.Provider,
                    stream => stream.ConfigurePartitioning(TenantStreamKinds.QueueCount));
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        _clusters.Add(cluster);
        return cluster;
    }

    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrainsCollection : ICollectionFixture<GrainsFixture>
{
    public const string Name = "Grains";
}
