namespace Broker.Gateway.Json;

/// <summary>A request body that breaks the contract. It never leaves the body binder: it becomes a 400.</summary>
public sealed class RequestException : Exception
{
    public RequestException()
    {
    }

    public RequestException(string message) : base(message)
    {
    }

    public RequestException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
