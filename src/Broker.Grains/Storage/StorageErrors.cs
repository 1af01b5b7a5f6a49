using System.Net.Sockets;
using Azure;

namespace Broker.Storage;

/// <summary>Tells storage outages (worth a 503 and a retry) from refusals that a retry would not change.</summary>
public static class StorageErrors
{
    /// <summary>
    /// True when storage did not answer, timed out or failed on its side: 5xx, 408, a refused or dropped
    /// connection, a time-out. Azure's retry policy throws an <see cref="AggregateException"/> of every
    /// attempt's failure once it gives up, so those are looked into.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        StorageUnavailableException => true,

        // Status 0 means no response at all: the SDK wraps connection failures this way.
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500,
        HttpRequestException or SocketException or IOException or TimeoutException => true,

        // The SDK reports its network time-out as a cancellation; Broker never cancels storage calls itself.
        OperationCanceledException => true,
        AggregateException aggregate =>
            aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>
    /// True when no attempt got as far as a connection, so storage cannot have applied the request: every attempt's
    /// connection was refused or could not be opened.
    /// </summary>
    public static bool NeverReachedStorage(Exception exception) => exception switch
    {
        AggregateException aggregate =>
            aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(NeverReachedStorage),
        RequestFailedException { Status: 0, InnerException: { } inner } => NeverReachedStorage(inner),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => true,
        _ => false,
    };

    /// <summary>True when a write collided with an existing row (409) or a changed ETag (412).</summary>
    public static bool IsConflict(Exception exception) =>
        exception is RequestFailedException { Status: 409 or 412 };
}
