namespace Broker;

/// <summary>
/// Thrown by grains when Azure Table storage does not answer or fails transiently.
/// The gateway answers 503; the caller may retry.
/// </summary>
/// <remarks>
/// An <see cref="OrleansException"/>, because Orleans passes those through unchanged when a grain's state cannot
/// be loaded at activation, where it would wrap any other exception in a generic one.
/// </remarks>
[GenerateSerializer]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>
    /// True when no attempt reached storage (every connection was refused), so a write certainly did not happen.
    /// </summary>
    [Id(0)]
    public bool NothingSent { get; init; }
}
