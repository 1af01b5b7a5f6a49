using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broker.Gateway.Verification;

/// <summary>
/// Writes bytes as a JSON array of numbers (<c>[12, 255, 0]</c>) rather than System.Text.Json's base64 string:
/// Biscuit libraries rehydrate keys and tokens with <c>fromBytes</c> from exactly that shape.
/// </summary>
public sealed class ByteArrayAsNumbers : JsonConverter<byte[]>
{
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of byte values");
        }

        var bytes = new List<byte>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetByte(out var value))
            {
                throw new JsonException("expected a byte value from 0 to 255");
            }

            bytes.Add(value);
        }

        return [.. bytes];
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var b in value)
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
    }
}
