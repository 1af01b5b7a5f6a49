using System.Net.Http;
using System.Net.Sockets;
using Azure;

namespace Broker.Storage;

/// <summary>
/// Only a failure to connect proves that a write never happened; anything that may have reached storage leaves the
/// outcome open, and the insert's answer must say so.
/// </summary>
public sealed class StorageErrorsTests
{
    private static RequestFailedException Refused() => new RequestFailedException(0, "refused", null,
        new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused",
            new SocketException((int)SocketError.ConnectionRefused)));

    private static RequestFailedException TimedOut() => new RequestFailedException(0, "timed out", null,
        new TaskCanceledException("The operation was cancelled."));

    [Fact]
    public void EveryAttemptRefused_NeverReachedStorage() =>
        Assert.True(StorageErrors.NeverReachedStorage(new AggregateException(Refused(), Refused(), Refused())));

    [Fact]
    public void ABareRefusedSocket_NeverReachedStorage() =>
        Assert.True(StorageErrors.NeverReachedStorage(new SocketException((int)SocketError.ConnectionRefused)));

    [Fact]
    public void OneAttemptTimedOut_MayHaveReachedStorage() =>
        Assert.False(StorageErrors.NeverReachedStorage(new AggregateException(TimedOut(), Refused(), Refused())));

    [Fact]
    public void AConnectionResetMidRequest_MayHaveReachedStorage() =>
        Assert.False(StorageErrors.NeverReachedStorage(new RequestFailedException(0, "reset", null,
            new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))));

    [Fact]
    public void AServerError_ReachedStorage() =>
        Assert.False(StorageErrors.NeverReachedStorage(new RequestFailedException(503, "Server busy")));
}
