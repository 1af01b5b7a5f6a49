using Broker.Gateway.Json;

namespace Broker.Gateway.Http;

/// <summary>A request body type that reads itself from the body's fields.</summary>
public interface IRequestBody<TSelf> where TSelf : IRequestBody<TSelf>
{
    /// <summary>True for admin endpoints: the body's <c>admin_token</c> is checked before any other field.</summary>
    static abstract bool RequiresAdminToken { get; }

    /// <exception cref="RequestException">A field is missing or has the wrong type.</exception>
    static abstract TSelf Read(JsonFields fields);
}
