using System.Buffers;
using System.Globalization;
using System.Text;

namespace Broker.Gateway.Json;

/// <summary>
/// Turns the raw bytes of a JSON string token (between the quotes, escapes still in place) into UTF-16 units.
/// <c>\uXXXX</c> escapes become their unit as written, so a lone surrogate survives to be re-escaped.
/// </summary>
internal static class JsonStringDecoder
{
    /// <summary>Decodes <paramref name="raw"/> into <paramref name="destination"/>.</summary>
    /// <returns>False when the raw bytes are not valid UTF-8.</returns>
    /// <remarks>The escape grammar was already checked by <see cref="System.Text.Json.Utf8JsonReader"/>.</remarks>
    public static bool TryDecode(ReadOnlySpan<byte> raw, Span<char> destination, out int written)
    {
        written = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var b = raw[i];
            if (b == (byte)'\\')
            {
                destination[written++] = Unescape(raw, ref i);
                continue;
            }

            if (b < 0x80)
            {
                destination[written++] = (char)b;
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(raw[i..], out var rune, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            written += rune.EncodeToUtf16(destination[written..]);
            i += consumed;
        }

        return true;
    }

    private static char Unescape(ReadOnlySpan<byte> raw, ref int i)
    {
        var kind = raw[i + 1];
        i += 2;
        switch (kind)
        {
            case (byte)'b': return '\b';
            case (byte)'f': return '\f';
            case (byte)'n': return '\n';
            case (byte)'r': return '\r';
            case (byte)'t': return '\t';
            case (byte)'u':
                var unit = ushort.Parse(raw.Slice(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                i += 4;
                return (char)unit;
            default:
                // '"', '\\' and '/' stand for themselves.
                return (char)kind;
        }
    }
}
