using Orleans.Runtime.Messaging;

namespace Broker.Gateway.Http;

/// <summary>Recognises failures that mean "storage or the cluster cannot answer right now": a 503, not a 500.</summary>
public static class ClusterFailures
{
    public static bool IsUnavailable(Exception exception) => exception is
        StorageUnavailableException or
        TimeoutException or
        SiloUnavailableException or
        OrleansMessageRejectionException or
        ConnectionFailedException or
        GatewayTooBusyException or
        ClientNotAvailableException or
        OrleansLifecycleCanceledException;

    /// <summary>
    /// The answer for an unavailability, saying which part is down without internals. A call that timed out may
    /// have been held up by a silo or by the storage behind it, and the answer cannot tell which.
    /// </summary>
    public static ApiError ToError(Exception exception) => exception switch
    {
        StorageUnavailableException => ApiError.Unavailable("storage is unavailable; try again shortly"),
        TimeoutException =>
            ApiError.Unavailable("no answer in time from the cluster or its storage; try again shortly"),
        _ => ApiError.Unavailable("the cluster is unavailable; try again shortly"),
    };
}
