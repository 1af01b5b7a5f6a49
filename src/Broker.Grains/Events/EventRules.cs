using System.Text;

namespace Broker.Events;

/// <summary>What an insert must satisfy before it gets an id.</summary>
public static class EventRules
{
    /// <summary>
    /// The largest event data, in bytes. An event's data is stored twice (its log row and its latest-per-name
    /// row), each an entity of at most 1 MiB with the keys and name beside the data, so a round million leaves
    /// room for those; both rows in base64 still fit a 4 MiB batch.
    /// </summary>
    public const int MaxDataBytes = 1_000_000;

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
