using Broker.Events;

namespace Broker.Hosting;

/// <summary>How the silo carries tenant messages to the gateways.</summary>
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

    /// <summary>The stream type; gateways must be configured with the same one.</summary>
    public TenantStreamKind Kind { get; set; } = TenantStreamKind.Memory;

    /// <summary>
    /// How often each pulling agent looks into its queue when it found it empty (Orleans' default is 100 ms). It
    /// bounds the wait of a message published to a quiet stream, and costs idle CPU in every silo (and, for Azure
    /// Queue streams, one storage request per queue per period).
    /// </summary>
    public TimeSpan PollPeriod { get; set; } = DefaultPollPeriod;

    /// <summary>
    /// The most event name and data characters one stream message carries. An Azure queue message holds 64 KiB of
    /// text, the serialized message base64-encoded: about 48 KiB of bytes, less the envelope. Memory queues have no
    /// such limit, so there a message is as large as one committed batch.
    /// </summary>
    public int MaxMessageChars => Kind == TenantStreamKind.AzureQueue ? 40_000 : int.MaxValue;
}
