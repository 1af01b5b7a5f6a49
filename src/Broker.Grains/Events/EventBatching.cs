using Broker.Storage;

namespace Broker.Events;

/// <summary>Decides how many waiting inserts go into the next batch transaction.</summary>
internal static class EventBatching
{
    // Leaves room under Azure's 4 MiB for the batch envelope, which the per-row estimates do not count.
    private const int PayloadBudget = AzureLimits.MaxBatchBytes - (64 * 1024);

    /// <summary>
    /// The length of the longest prefix of <paramref name="queue"/> that fits one batch, at least 1. Each insert
    /// adds its log row, plus a latest-per-name row unless an earlier insert of the batch has the same name
    /// (a batch may touch a row only once, so only the newest of a name is written); the head row is one more.
    /// </summary>
    public static int CountFitting(IReadOnlyList<PendingAppend> queue)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var operations = 1;
        var payload = 0;
        var count = 0;
        foreach (var pending in queue)
        {
            var addedOperations = names.Contains(pending.Name) ? 1 : 2;

            // Counted twice even when the name repeats: the batch may end up carrying this event's latest row.
            var addedPayload = 2 * EventRows.PayloadEstimate(pending.Name, pending.Data);
            if (count > 0 && (operations + addedOperations > AzureLimits.MaxBatchOperations
                || payload + addedPayload > PayloadBudget))
            {
                break;
            }

            names.Add(pending.Name);
            operations += addedOperations;
            payload += addedPayload;
            count++;
        }

        return count;
    }
}
