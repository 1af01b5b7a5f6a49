using Broker.Events;
using Orleans.Streams;

namespace Broker.Gateway.Streaming;

/// <summary>Live messages of a tenant: the tenant's Orleans stream, once per gateway.</summary>
public interface ITenantFeed
{
    Task<ITenantFeedSubscription> SubscribeAsync(string tenant, Func<TenantMessage, Task> onMessage);
}

/// <summary>A live subscription, which the cluster may drop silently (after a full restart, say).</summary>
public interface ITenantFeedSubscription
{
    /// <summary>True while the cluster still knows the subscription.</summary>
    Task<bool> IsActiveAsync();

    Task UnsubscribeAsync();
}

/// <summary>Subscribes to the <see cref="TenantStreams.Provider"/> stream of a tenant.</summary>
public sealed class OrleansTenantFeed(IClusterClient client) : ITenantFeed
{
    public async Task<ITenantFeedSubscription> SubscribeAsync(string tenant, Func<TenantMessage, Task> onMessage)
    {
        var stream = client.GetStreamProvider(TenantStreams.Provider)
            .GetStream<TenantMessage>(TenantStreams.For(tenant));
        var handle = await stream.SubscribeAsync((message, _) => onMessage(message));
        return new Subscription(stream, handle);
    }

    private sealed class Subscription(
        IAsyncStream<TenantMessage> stream,
        StreamSubscriptionHandle<TenantMessage> handle) : ITenantFeedSubscription
    {
        public async Task<bool> IsActiveAsync()
        {
            var handles = await stream.GetAllSubscriptionHandles();
            return handles.Any(candidate => candidate.HandleId == handle.HandleId);
        }

        public Task UnsubscribeAsync() => handle.UnsubscribeAsync();
    }
}
