using System.Text.Json.Serialization;

namespace Broker.Gateway.Verification;

/// <summary>
/// <c>{"key": [32 bytes], "token": [bytes], "expiry": &lt;unix seconds&gt;, "username": "...", "scopes": [...]}</c>
/// </summary>
/// <param name="Key">The cluster's Ed25519 root public key.</param>
/// <param name="Token">The serialized Biscuit.</param>
/// <param name="Expiry">When the token stops being valid, the same instant as the caller's JWT.</param>
public sealed record VerifyBody(
    [property: JsonPropertyName("key"), JsonConverter(typeof(ByteArrayAsNumbers))] byte[] Key,
    [property: JsonPropertyName("token"), JsonConverter(typeof(ByteArrayAsNumbers))] byte[] Token,
    [property: JsonPropertyName("expiry")] long Expiry,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes);

/// <summary><c>{"key": [32 bytes], "hex": "&lt;64 hex digits&gt;", "algorithm": "ed25519"}</c></summary>
public sealed record PublicKeyBody(
    [property: JsonPropertyName("key"), JsonConverter(typeof(ByteArrayAsNumbers))] byte[] Key,
    [property: JsonPropertyName("hex")] string Hex,
    [property: JsonPropertyName("algorithm")] string Algorithm);
