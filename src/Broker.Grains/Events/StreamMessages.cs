using Broker.Storage;

namespace Broker.Events;

/// <summary>Cuts events into stream messages: one per committed batch, a long run into batch-sized pieces.</summary>
internal static class StreamMessages
{
    // A committed batch always fits; a run caught up from the log after a conflict may be any length, and one
    // message for all of it would be as large. Pieces no larger than a batch keep every message about as small as
    // one commit can make it.
    private const int MaxEvents = AzureLimits.MaxBatchOperations;
    private const int MaxChars = AzureLimits.MaxBatchBytes;

    /// <summary>Consecutive pieces of <paramref name="events"/>, in order, each non-empty.</summary>
    public static IEnumerable<EventsPublished> Split(IReadOnlyList<StoredEvent> events)
    {
        var start = 0;
        while (start < events.Count)
        {
            var end = start;
            var chars = 0L;
            do
            {
                chars += events[end].Name.Length + events[end].Data.Length;
                end++;
            }
            while (end < events.Count && end - start < MaxEvents
                && chars + events[end].Name.Length + events[end].Data.Length <= MaxChars);

            yield return new EventsPublished(events.Skip(start).Take(end - start).ToList());
            start = end;
        }
    }
}
