namespace Broker;

/// <summary>
/// Thrown by grains when Azure Table storage does not answer or fails transiently.
/// The gateway answers 503; the caller may retry.
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : Exception
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
}
