using System.Text.Json;
using System.Text.Json.Serialization;
using Broker.Identity;

namespace Broker.Gateway.Identity;

/// <summary>A user as every identity endpoint shows it, with the secrets masked.</summary>
public sealed record UserBody(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("tenant_name")] string TenantName,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes,
    [property: JsonPropertyName("data")] RawJson? Data,
    [property: JsonPropertyName("two_factor")] bool? TwoFactor,
    [property: JsonPropertyName("revoked")] bool Revoked)
{
    private const string Masked = "***";

    [JsonPropertyName("password")]
    public string Password => Masked;

    [JsonPropertyName("totp")]
    public string Totp => Masked;

    public static UserBody From(UserView user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new UserBody(user.Id, user.Username, user.TenantName, user.Email, user.Scopes,
            user.DataJson is null ? null : new RawJson(user.DataJson), user.TwoFactor, user.Revoked);
    }
}

/// <summary>JSON text written into a response as it is, such as a user's stored data.</summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(string Json);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json);
}
