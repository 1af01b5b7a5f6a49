namespace Broker.Hosting;

/// <summary>How the silo's pulling agents move tenant messages from the stream queues to the gateways.</summary>
public sealed class TenantStreamOptions
{
    /// <summary>The default <see cref="PollPeriod"/>.</summary>
    public static readonly TimeSpan DefaultPollPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How many queued messages one delivery to a subscriber may carry. Orleans delivers one at a time by default,
    /// each waiting for the subscriber's answer, so a busy tenant's messages lined up behind silo-to-gateway round
    /// trips; a backlog now goes out in one call.
    /// </summary>
    public const int DeliveryBatchSize = 256;

    /// <summary>
    /// How often each pulling agent looks into its queue when it found it empty (Orleans' default is 100 ms). It
    /// bounds the wait of a message published to a quiet stream, and costs idle CPU in every silo.
    /// </summary>
    public TimeSpan PollPeriod { get; set; } = DefaultPollPeriod;
}
