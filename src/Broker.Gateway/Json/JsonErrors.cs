using System.Text.Json;

namespace Broker.Gateway.Json;

/// <summary>Wording for JSON that cannot be read, the same wherever it is found.</summary>
internal static class JsonErrors
{
    /// <summary>Where the reader gave up, counted from 1 as an editor shows it.</summary>
    public static string Malformed(JsonException e) =>
        $"is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})";
}
