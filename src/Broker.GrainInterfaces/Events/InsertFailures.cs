namespace Broker.Events;

/// <summary>
/// What a failed insert's 503 says. A client retries blindly only after a refusal that says nothing was stored;
/// after one that says the event may have been stored, it looks for it in the stream first.
/// </summary>
public static class InsertFailures
{
    public const string NotStored = "storage is unavailable; the event was not stored, try again shortly";

    public const string ClusterUnreachable = "the cluster is unavailable; the event was not stored, try again shortly";

    public const string Overloaded = "the tenant's event log is too busy; the event was not stored, try again shortly";

    public const string MayBeStored = "no confirmation in time; the event may have been stored: resume the stream " +
        "with Last-Event-ID and look for it before inserting it again";
}
