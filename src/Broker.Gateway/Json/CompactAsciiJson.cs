using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Broker.Gateway.Json;

/// <summary>
/// Rewrites one JSON value as compact, pure-ASCII JSON in a single pass: members in their order, numbers
/// verbatim, every character outside printable ASCII as a <c>\uXXXX</c> escape of its UTF-16 unit. This is
/// the form events are stored and streamed in, because broker-client reads SSE bytes without UTF-8 decoding.
/// </summary>
public static class CompactAsciiJson
{
    /// <summary>The deepest nesting of objects and arrays accepted.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        // Our own depth check runs first and says what is wrong; the reader's limit only has to be higher.
        MaxDepth = MaxDepth + 2,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Converts <paramref name="json"/>, or says why it cannot be accepted.</summary>
    /// <param name="json">One JSON value as UTF-8.</param>
    /// <param name="ascii">The compact ASCII JSON.</param>
    /// <param name="error">What is wrong, for a person: duplicate key, too deep, invalid UTF-8, malformed.</param>
    public static bool TryConvert(ReadOnlySpan<byte> json, [NotNullWhen(true)] out string? ascii,
        [NotNullWhen(false)] out string? error)
    {
        if (JsonWhitespace.IsBlank(json))
        {
            ascii = null;
            error = "is empty";
            return false;
        }

        var output = new StringBuilder(json.Length);
        try
        {
            error = Write(json, output);
        }
        catch (JsonException e)
        {
            error = JsonErrors.Malformed(e);
        }

        ascii = error is null ? output.ToString() : null;
        return error is null;
    }

    private static string? Write(ReadOnlySpan<byte> json, StringBuilder output)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        var keys = new KeyScopes();
        var needsComma = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (reader.CurrentDepth >= MaxDepth)
                    {
                        return $"nests deeper than {MaxDepth} levels";
                    }

                    Separate(output, ref needsComma);
                    output.Append(reader.TokenType == JsonTokenType.StartObject ? '{' : '[');
                    keys.Enter(reader.TokenType == JsonTokenType.StartObject);
                    needsComma = false;
                    break;

                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    output.Append(reader.TokenType == JsonTokenType.EndObject ? '}' : ']');
                    keys.Leave();
                    needsComma = true;
                    break;

                case JsonTokenType.PropertyName:
                    Separate(output, ref needsComma);
                    if (WriteString(reader.ValueSpan, output, keys) is { } keyError)
                    {
                        return keyError;
                    }

                    output.Append(':');
                    needsComma = false;
                    break;

                case JsonTokenType.String:
                    Separate(output, ref needsComma);
                    if (WriteString(reader.ValueSpan, output, null) is { } stringError)
                    {
                        return stringError;
                    }

                    needsComma = true;
                    break;

                default:
                    // Numbers and the literals true, false and null: the reader checked their grammar, and
                    // their bytes are ASCII, so they are copied as they came (1.0 stays 1.0, 1e400 stays 1e400).
                    Separate(output, ref needsComma);
                    foreach (var b in reader.ValueSpan)
                    {
                        output.Append((char)b);
                    }

                    needsComma = true;
                    break;
            }
        }

        return null;
    }

    private static void Separate(StringBuilder output, ref bool needsComma)
    {
        if (needsComma)
        {
            output.Append(',');
        }
    }

    /// <summary>Decodes a raw string token to UTF-16 units, checks it, and writes it re-escaped.</summary>
    /// <param name="keys">The key scopes when the string is a member name (checked for duplicates), else null.</param>
    private static string? WriteString(ReadOnlySpan<byte> raw, StringBuilder output, KeyScopes? keys)
    {
        // Every input byte yields at most one UTF-16 unit, so the raw length always suffices.
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(raw.Length, 1));
        try
        {
            if (!JsonStringDecoder.TryDecode(raw, buffer, out var length))
            {
                return "contains invalid UTF-8";
            }

            var text = buffer.AsSpan(0, length);
            if (keys is not null && !keys.TryAdd(text))
            {
                return $"has the key \"{Shorten(text)}\" twice";
            }

            AsciiEscaper.WriteQuoted(text, output);
            return null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string Shorten(ReadOnlySpan<char> key) =>
        key.Length <= 64 ? key.ToString() : string.Concat(key[..64], "...");

    /// <summary>The member names seen in each open object, to refuse a repeated key.</summary>
    private sealed class KeyScopes
    {
        private readonly List<HashSet<string>?> _open = [];
        private readonly Stack<HashSet<string>> _spare = new();

        public void Enter(bool isObject)
        {
            HashSet<string>? keys = null;
            if (isObject)
            {
                keys = _spare.Count > 0 ? _spare.Pop() : new HashSet<string>(StringComparer.Ordinal);
            }

            _open.Add(keys);
        }

        public void Leave()
        {
            var keys = _open[^1];
            _open.RemoveAt(_open.Count - 1);
            if (keys is not null)
            {
                keys.Clear();
                _spare.Push(keys);
            }
        }

        public bool TryAdd(ReadOnlySpan<char> key) => _open[^1]!.Add(key.ToString());
    }
}
