namespace Broker.Gateway.Json;

/// <summary>The four whitespace bytes JSON allows between tokens (RFC 8259).</summary>
internal static class JsonWhitespace
{
    /// <summary>True when the input holds nothing but JSON whitespace, so there is no value at all.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> json) => json.IndexOfAnyExcept(" \t\r\n"u8) < 0;
}
