namespace Broker.Cluster.Tests.Nodes;

/// <summary>
/// Checks a load against the log and the log against every subscriber: every acknowledged insert is in the log
/// once, under the id it was acknowledged with, and every subscriber received exactly the log, in order.
/// </summary>
public static class DeliveryCheck
{
    /// <param name="outcomes">Every insert of the load.</param>
    /// <param name="log">The log after the first marker up to and including the closing marker.</param>
    /// <param name="subscribers">Every subscriber, each having received at least up to the closing marker.</param>
    /// <param name="report">Where the counts go.</param>
    public static void Verify(IReadOnlyList<InsertOutcome> outcomes, IReadOnlyList<Frame> log,
        IReadOnlyList<Subscriber> subscribers, Report report)
    {
        var acknowledged = outcomes.Where(outcome => outcome.Status == 200).ToList();
        var refused = outcomes.Where(outcome => outcome.Status != 200)
            .GroupBy(outcome => outcome.Status)
            .ToDictionary(group => group.Key, group => group.Count());
        report.Line($"inserts sent {outcomes.Count}, acknowledged {acknowledged.Count}, refused " +
            (refused.Count == 0
                ? "none"
                : string.Join(", ", refused.Select(pair => $"{pair.Value} x {Status(pair.Key)}"))));
        report.Line($"slowest insert answer {outcomes.Max(outcome => outcome.Elapsed).TotalSeconds:0.00} s");

        var byId = log.ToDictionary(frame => frame.Id);
        Assert.Equal(Enumerable.Range(0, log.Count).Select(i => log[0].Id + i), log.Select(frame => frame.Id));
        var found = acknowledged.Count(outcome =>
            byId.TryGetValue(outcome.Id!.Value, out var frame) && frame.Data == InsertLoad.Data(outcome.Number));
        var loadEvents = log.Where(frame => frame.Event == InsertLoad.EventName).ToList();
        report.Line($"acknowledged inserts found in the log under their id: {found} of {acknowledged.Count}; " +
            $"the log holds {log.Count} events, {loadEvents.Count - acknowledged.Count} of them stored though " +
            "not acknowledged (their answer was lost)");
        Assert.Equal(acknowledged.Count, found);
        Assert.Equal(loadEvents.Count, loadEvents.Select(frame => frame.Data).Distinct().Count());
        VerifyRefusals(outcomes, loadEvents, report);

        foreach (var subscriber in subscribers)
        {
            var frames = subscriber.Frames.Where(frame => frame.Id <= log[^1].Id).ToList();
            report.Line($"{subscriber.Name}: received {frames.Count} of {log.Count}, violations " +
                $"{subscriber.Violations.Count}, streams opened {subscriber.Connections} on gateway(s) " +
                $"{string.Join("+", subscriber.GatewaysUsed.Order().Select(g => g + 1))}" +
                (subscriber.Refusals.Count == 0 ? string.Empty
                    : ", refused " + string.Join(", ", subscriber.Refusals.Select(p => $"{p.Value} x {p.Key}"))));
            Assert.Empty(subscriber.Violations);
            Assert.Equal(log, frames);
        }
    }

    /// <summary>
    /// Every 503 says whether its event can have been stored, and one that says it was not is not in the log.
    /// </summary>
    private static void VerifyRefusals(IReadOnlyList<InsertOutcome> outcomes, List<Frame> loadEvents, Report report)
    {
        var stored = loadEvents.Select(frame => frame.Data).ToHashSet();
        var refusals = outcomes.Where(outcome => outcome.Status == 503)
            .Select(outcome => new
            {
                Error = JsonNode.Parse(outcome.Body)!["error"]!.GetValue<string>(),
                InLog = stored.Contains(InsertLoad.Data(outcome.Number)),
            })
            .ToList();
        if (refusals.Count == 0)
        {
            return;
        }

        var notStored = refusals.Where(refusal => refusal.Error != MayBeStored).ToList();
        var mayBeStored = refusals.Where(refusal => refusal.Error == MayBeStored).ToList();
        report.Line($"503s saying the event was not stored: {notStored.Count}, " +
            $"{notStored.Count(refusal => refusal.InLog)} of them in the log; saying it may have been stored: " +
            $"{mayBeStored.Count}, {mayBeStored.Count(refusal => refusal.InLog)} of them in the log");
        foreach (var group in refusals.GroupBy(refusal => refusal.Error).OrderByDescending(group => group.Count()))
        {
            report.Line($"  {group.Count()} x \"{group.Key}\"");
        }

        Assert.All(refusals, refusal => Assert.Contains(refusal.Error, RefusalErrors));
        Assert.DoesNotContain(notStored, refusal => refusal.InLog);
    }

    private const string MayBeStored = "no confirmation in time; the event may have been stored: resume the stream " +
        "with Last-Event-ID and look for it before inserting it again";

    /// <summary>
    /// What an insert's 503 can say: all but <see cref="MayBeStored"/> come before anything is written. The last
    /// three are a credential check that could not reach the user's grain or its storage.
    /// </summary>
    private static readonly string[] RefusalErrors =
    [
        MayBeStored,
        "storage is unavailable; the event was not stored, try again shortly",
        "the cluster is unavailable; the event was not stored, try again shortly",
        "the tenant's event log is too busy; the event was not stored, try again shortly",
        "the cluster is unavailable; try again shortly",
        "no answer in time from the cluster or its storage; try again shortly",
        "storage is unavailable; try again shortly",
    ];

    private static string Status(int status) => status switch
    {
        InsertLoad.Broken => "connection broken before an answer",
        0 => "no gateway accepted the connection",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
