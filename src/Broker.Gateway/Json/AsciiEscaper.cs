using System.Text;

namespace Broker.Gateway.Json;

/// <summary>Writes UTF-16 text as a JSON string literal made only of printable ASCII.</summary>
internal static class AsciiEscaper
{
    private const string Retry = "retry:";

    public static void WriteQuoted(ReadOnlySpan<char> text, StringBuilder output)
    {
        output.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                default:
                    // broker-client scans the stream for "retry:" wherever it appears, so that text never
                    // goes out literally; the escaped r parses back to the same string.
                    if (c < 0x20 || c >= 0x7F || (c == 'r' && text[i..].StartsWith(Retry, StringComparison.Ordinal)))
                    {
                        WriteUnicodeEscape(c, output);
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }

    private static void WriteUnicodeEscape(char c, StringBuilder output)
    {
        const string hex = "0123456789ABCDEF";
        output.Append("\\u")
            .Append(hex[c >> 12])
            .Append(hex[(c >> 8) & 0xF])
            .Append(hex[(c >> 4) & 0xF])
            .Append(hex[c & 0xF]);
    }
}
