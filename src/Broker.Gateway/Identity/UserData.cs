using Broker.Gateway.Json;

namespace Broker.Gateway.Identity;

/// <summary>A user's free <c>data</c> field, kept as compact ASCII JSON like event data.</summary>
internal static class UserData
{
    private const string Field = "data";

    /// <summary>The data as compact JSON; null when left out or null.</summary>
    public static string? Read(JsonFields fields)
    {
        if (!fields.Has(Field))
        {
            return null;
        }

        var json = Convert(fields);
        return json == "null" ? null : json;
    }

    /// <summary>The data of an update: left out keeps it, null clears it.</summary>
    public static Broker.Identity.Change<string> ReadChange(JsonFields fields) =>
        fields.Has(Field) ? Broker.Identity.Change<string>.To(Read(fields)) : Broker.Identity.Change<string>.Keep;

    private static string Convert(JsonFields fields) =>
        CompactAsciiJson.TryConvert(fields.Raw(Field).Span, out var json, out var error)
            ? json
            : throw new RequestException($"field '{Field}' {error}");
}
