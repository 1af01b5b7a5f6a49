using System.Text.Json;
using System.Text.Unicode;

namespace Broker.Gateway.Json;

/// <summary>
/// The top-level members of a JSON object request body, each kept as its raw bytes. Parsing is ours rather than
/// model binding's so that every error names the field and what is wrong with it, and so that a repeated field
/// is refused instead of silently taking the last value. Unknown fields are ignored.
/// </summary>
public sealed class JsonFields
{
    /// <summary>The deepest nesting a body may have: the object itself plus a 64-level value.</summary>
    private const int MaxBodyDepth = CompactAsciiJson.MaxDepth + 1;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxBodyDepth + 2 };

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private readonly ReadOnlyMemory<byte> _body;
    private readonly Dictionary<string, Field> _fields;

    private JsonFields(ReadOnlyMemory<byte> body, Dictionary<string, Field> fields)
    {
        _body = body;
        _fields = fields;
    }

    /// <summary>Reads the members of the body object; a leading UTF-8 byte order mark is skipped.</summary>
    /// <exception cref="RequestException">The body is not one well-formed JSON object with unique members.</exception>
    public static JsonFields Parse(ReadOnlyMemory<byte> body)
    {
        // Some clients (PowerShell, Windows editors and their scripts) start UTF-8 text with a byte order mark,
        // which RFC 8259 lets a parser ignore; the JSON reader itself would refuse it as an unexpected character.
        if (body.Span.StartsWith(ByteOrderMark))
        {
            body = body[ByteOrderMark.Length..];
        }

        if (!Utf8.IsValid(body.Span))
        {
            throw new RequestException("request body is not valid UTF-8");
        }

        try
        {
            return ParseObject(body);
        }
        catch (JsonException e)
        {
            throw new RequestException("request body " + JsonErrors.Malformed(e), e);
        }
    }

    /// <summary>True when the member is present, whatever its value (null included).</summary>
    public bool Has(string name) => _fields.ContainsKey(name);

    /// <summary>The raw UTF-8 bytes of a member's value.</summary>
    public ReadOnlyMemory<byte> Raw(string name) => Get(name) is { } field ? Slice(field) : default;

    public string RequiredString(string name) =>
        Get(name) is { } field ? StringOf(name, field) : throw new RequestException($"missing field '{name}'");

    /// <summary>A string member that may be left out or null.</summary>
    public string? OptionalString(string name) =>
        Get(name) is { Kind: not JsonTokenType.Null } field ? StringOf(name, field) : null;

    public bool? OptionalBool(string name) => Get(name) switch
    {
        null or { Kind: JsonTokenType.Null } => null,
        { Kind: JsonTokenType.True } => true,
        { Kind: JsonTokenType.False } => false,
        _ => throw new RequestException($"field '{name}' must be true, false or null"),
    };

    public IReadOnlyList<string>? OptionalStringArray(string name)
    {
        if (Get(name) is not { Kind: not JsonTokenType.Null } field)
        {
            return null;
        }

        var error = $"field '{name}' must be an array of strings or null";
        if (field.Kind != JsonTokenType.StartArray)
        {
            throw new RequestException(error);
        }

        var reader = new Utf8JsonReader(Slice(field).Span, ReaderOptions);
        reader.Read();
        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(reader.TokenType == JsonTokenType.String
                ? Text(ref reader, $"field '{name}' is not valid Unicode text")
                : throw new RequestException(error));
        }

        return items;
    }

    private Field? Get(string name) => _fields.TryGetValue(name, out var field) ? field : null;

    private ReadOnlyMemory<byte> Slice(Field field) => _body.Slice(field.Start, field.Length);

    private string StringOf(string name, Field field)
    {
        if (field.Kind != JsonTokenType.String)
        {
            throw new RequestException($"field '{name}' must be a string");
        }

        var reader = new Utf8JsonReader(Slice(field).Span, ReaderOptions);
        reader.Read();
        return Text(ref reader, $"field '{name}' is not valid Unicode text");
    }

    /// <summary>The current string token as text.</summary>
    /// <exception cref="RequestException">With <paramref name="error"/>, when the string cannot be text.</exception>
    private static string Text(ref Utf8JsonReader reader, string error)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // A \u escape of a lone surrogate is valid JSON but no text a name, password or scope can hold.
            throw new RequestException(error, e);
        }
    }

    private static JsonFields ParseObject(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, ReaderOptions);
        if (JsonWhitespace.IsBlank(body.Span))
        {
            throw new RequestException("request body is empty; expected a JSON object");
        }

        reader.Read();

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RequestException("request body must be a JSON object");
        }

        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Text(ref reader, "request body has a member name that is not valid Unicode text");
            reader.Read();
            var kind = reader.TokenType;
            var start = (int)reader.TokenStartIndex;
            SkipValue(ref reader);
            if (!fields.TryAdd(name, new Field(kind, start, (int)reader.BytesConsumed - start)))
            {
                throw new RequestException($"duplicate field '{name}'");
            }
        }

        // Reading past the end makes the reader refuse anything after the object.
        reader.Read();
        return new JsonFields(body, fields);
    }

    /// <summary>Moves past one value, refusing nesting the event and user data could not hold anyway.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray &&
                reader.CurrentDepth >= MaxBodyDepth)
            {
                throw new RequestException(
                    $"a field of the request body nests deeper than {CompactAsciiJson.MaxDepth} levels");
            }
        }
    }

    private readonly record struct Field(JsonTokenType Kind, int Start, int Length);
}
