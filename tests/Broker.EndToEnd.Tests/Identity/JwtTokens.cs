using System.Security.Cryptography;
using System.Text;

namespace Broker.EndToEnd.Identity;

/// <summary>Reads and signs JWTs by hand, so that a test can change one detail of a real token.</summary>
public static class JwtTokens
{
    public static (JsonObject Header, JsonObject Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (ParsePart(parts[0]), ParsePart(parts[1]));
    }

    /// <summary>Signs with HS256 and <paramref name="secret"/> (its UTF-8 bytes).</summary>
    public static string SignHs256(JsonObject header, JsonObject payload, string secret)
    {
        var unsigned = Encode(header) + "." + Encode(payload);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64Url(signature);
    }

    /// <summary>A token with <c>alg: none</c> and no signature.</summary>
    public static string WithAlgNone(JsonObject payload) =>
        Encode(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }) + "." + Encode(payload) + ".";

    public static JsonObject Copy(JsonObject value) => JsonNode.Parse(value.ToJsonString())!.AsObject();

    private static string Encode(JsonObject part) => Base64Url(Encoding.UTF8.GetBytes(part.ToJsonString()));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject ParsePart(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        return JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
    }
}
