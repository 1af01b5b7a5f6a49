namespace Broker.Events;

/// <summary>An event as stored in its tenant's event log.</summary>
/// <param name="Id">The tenant's sequence number: 1, 2, 3, … with no gaps.</param>
/// <param name="Name">The event name.</param>
/// <param name="Data">The data as compact, pure-ASCII JSON, exactly as it goes on the wire.</param>
[GenerateSerializer, Immutable]
public sealed record StoredEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Data);

/// <summary>What travels on a tenant's Orleans stream.</summary>
[GenerateSerializer, Immutable]
public abstract record TenantMessage;

/// <summary>
/// An event that is durable in the log. Silos now publish <see cref="EventsPublished"/>; gateways still read this
/// one, from silos of an older release during a rolling upgrade.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventPublished([property: Id(0)] StoredEvent Event) : TenantMessage;

/// <summary>
/// The events of one committed batch, in id order with no gaps: one stream message and one delivery per batch
/// however many inserts it holds.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventsPublished([property: Id(0)] IReadOnlyList<StoredEvent> Events) : TenantMessage;

/// <summary>The user's credentials changed (revoked, new password, moved away): close their streams.</summary>
[GenerateSerializer, Immutable]
public sealed record UserSignedOut([property: Id(0)] string Username) : TenantMessage;

/// <summary>Names shared by every process that publishes or subscribes.</summary>
public static class TenantStreams
{
    /// <summary>The stream provider's name, registered with the same type in silos and gateways.</summary>
    public const string Provider = "TenantStreams";

    /// <summary>The namespace of tenant streams; the stream key is the tenant name.</summary>
    public const string Namespace = "tenant";

    public static StreamId For(string tenant) => StreamId.Create(Namespace, tenant);
}
