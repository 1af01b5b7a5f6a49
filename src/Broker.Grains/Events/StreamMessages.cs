using Broker.Storage;

namespace Broker.Events;

/// <summary>
/// Cuts events into stream messages: one per committed batch, a long run (or, for Azure queues, a batch of large
/// events) into pieces.
/// </summary>
internal static class StreamMessages
{
    // A committed batch always fits; a run caught up from the log after a conflict may be any length, and one
    // message for all of it would be as large. Pieces no larger than a batch keep every message about as small as
    // one commit can make it.
    private const int MaxEvents = AzureLimits.MaxBatchOperations;

    /// <summary>
    /// Consecutive pieces of <paramref name="events"/>, in order, each non-empty and, unless one event alone is
    /// larger, holding at most <paramref name="maxChars"/> characters of names and data (and never more than a
    /// batch's payload).
    /// </summary>
    public static IEnumerable<EventsPublished> Split(IReadOnlyList<StoredEvent> events,
        int maxChars = AzureLimits.MaxBatchBytes)
    {
        var budget = Math.Min(maxChars, AzureLimits.MaxBatchBytes);
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
                && chars + events[end].Name.Length + events[end].Data.Length <= budget);

            yield return new EventsPublished(events.Skip(start).Take(end - start).ToList());
            start = end;
        }
    }
}
