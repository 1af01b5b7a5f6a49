namespace Broker.Events;

/// <summary>Inserts as a gateway does with its default call time-out, which a test never comes near.</summary>
internal static class TenantEventsGrainExtensions
{
    public static readonly TimeSpan QueueWait = TimeSpan.FromSeconds(5);

    public static Task<Outcome<StoredEvent>> Append(this ITenantEventsGrain grain, string name, string data) =>
        grain.Append(name, data, QueueWait);
}
