using System.Diagnostics;

namespace Broker.Events;

/// <summary>An insert waiting for its batch to become durable.</summary>
internal sealed class PendingAppend(string name, string data, TimeSpan maxQueueWait)
{
    private readonly TaskCompletionSource<Outcome<StoredEvent>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly long _queuedAt = Stopwatch.GetTimestamp();

    public string Name { get; } = name;

    public string Data { get; } = data;

    public Task<Outcome<StoredEvent>> Stored => _completion.Task;

    /// <summary>True once the insert has waited longer than its caller allowed before its write starts.</summary>
    public bool Expired(long now) => Stopwatch.GetElapsedTime(_queuedAt, now) > maxQueueWait;

    public void Acknowledge(StoredEvent stored) => _completion.TrySetResult(stored);

    public void Refuse(Failure failure) => _completion.TrySetResult(failure);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
