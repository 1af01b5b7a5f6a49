using System.Collections.Concurrent;
using Broker.Events;
using Orleans.Streams;

namespace Broker;

/// <summary>Subscribes the test's cluster client to a tenant stream and keeps what arrives, in order.</summary>
public sealed class StreamRecorder
{
    private readonly ConcurrentQueue<TenantMessage> _messages = new();

    private StreamRecorder()
    {
    }

    public IReadOnlyList<TenantMessage> Messages => [.. _messages];

    /// <summary>The events of every event message so far, in the order they arrived.</summary>
    public IReadOnlyList<StoredEvent> Events => [.. _messages.SelectMany(message => message switch
    {
        EventsPublished batch => batch.Events,
        EventPublished single => [single.Event],
        _ => [],
    })];

    public static async Task<StreamRecorder> SubscribeAsync(IClusterClient client, string tenant)
    {
        var recorder = new StreamRecorder();
        var stream = client.GetStreamProvider(TenantStreams.Provider)
            .GetStream<TenantMessage>(TenantStreams.For(tenant));
        await stream.SubscribeAsync((message, _) =>
        {
            recorder._messages.Enqueue(message);
            return Task.CompletedTask;
        });
        return recorder;
    }
}
