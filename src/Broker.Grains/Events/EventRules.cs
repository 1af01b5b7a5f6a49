using System.Text;

namespace Broker.Events;

/// <summary>What an insert must satisfy before it gets an id.</summary>
public static class EventRules
{
    /// <summary>
    /// The largest event data, in bytes. Azure counts a binary property by its raw size against the 1 MiB
    /// entity limit, but Azurite measures the entity's JSON, where binary travels as base64 (4 bytes per 3):
    /// 750,000 bytes make 1,000,000 base64 characters, leaving room for keys, name and property names under
    /// both. The log row and the latest-per-name row of one event then take about 2 MB of a 4 MiB batch.
    /// </summary>
    public const int MaxDataBytes = 750_000;

    /// <summary>The reason the insert is refused, or null when it may be stored.</summary>
    public static string? Check(string? name, string? data)
    {
        if (Names.CheckEventName(name) is { } problem)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(data))
        {
            return "event data must not be empty";
        }

        if (data.Length > MaxDataBytes)
        {
            return $"event data must be at most {MaxDataBytes} bytes";
        }

        // The gateway escapes every non-ASCII character, so the stored text is the wire text byte for byte.
        return Ascii.IsValid(data) ? null : "event data must be pure ASCII JSON";
    }
}
