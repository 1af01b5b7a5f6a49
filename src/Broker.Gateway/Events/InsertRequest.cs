using Broker.Gateway.Http;
using Broker.Gateway.Identity;
using Broker.Gateway.Json;

namespace Broker.Gateway.Events;

/// <summary><c>/insert</c>: an event name and its data, which must be present but may be null.</summary>
/// <param name="Data">The data as compact, pure-ASCII JSON.</param>
public sealed record InsertRequest(string Event, string Data) : IRequestBody<InsertRequest>
{
    public static bool RequiresAdminToken => false;

    public static InsertRequest Read(JsonFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var name = fields.RequiredString("event");
        if (Names.CheckEventName(name) is { } problem)
        {
            throw new RequestException(problem);
        }

        if (!fields.Has("data"))
        {
            throw new RequestException("missing field 'data' (send null for an event without data)");
        }

        return CompactAsciiJson.TryConvert(fields.Raw("data").Span, out var data, out var error)
            ? new InsertRequest(name, data)
            : throw new RequestException($"field 'data' {error}");
    }
}
