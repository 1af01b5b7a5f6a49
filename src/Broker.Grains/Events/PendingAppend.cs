namespace Broker.Events;

/// <summary>An insert waiting for its batch to become durable.</summary>
internal sealed class PendingAppend(string name, string data)
{
    private readonly TaskCompletionSource<Outcome<StoredEvent>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public string Data { get; } = data;

    public Task<Outcome<StoredEvent>> Stored => _completion.Task;

    public void Acknowledge(StoredEvent stored) => _completion.TrySetResult(stored);

    public void Refuse(Failure failure) => _completion.TrySetResult(failure);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
