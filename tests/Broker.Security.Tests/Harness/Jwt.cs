using System.Security.Cryptography;

namespace Broker.Security.Harness;

/// <summary>Takes JWTs apart and signs them by hand, so that a test can change exactly one detail.</summary>
public static class Jwt
{
    public static (JsonObject Header, JsonObject Payload) Decode(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (JsonNode.Parse(FromBase64Url(parts[0]))!.AsObject(),
            JsonNode.Parse(FromBase64Url(parts[1]))!.AsObject());
    }

    public static string SigningInput(JsonObject header, JsonObject payload) =>
        Encode(header) + "." + Encode(payload);

    public static string SignHmac(JsonObject header, JsonObject payload, byte[] key)
    {
        var unsigned = SigningInput(header, payload);
        var input = Encoding.ASCII.GetBytes(unsigned);
        var alg = header["alg"]?.GetValue<string>();
        var signature = alg switch
        {
            "HS384" => HMACSHA384.HashData(key, input),
            "HS512" => HMACSHA512.HashData(key, input),
            _ => HMACSHA256.HashData(key, input),
        };
        return unsigned + "." + Base64Url(signature);
    }

    public static string SignRsa(JsonObject header, JsonObject payload, RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var unsigned = SigningInput(header, payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        return unsigned + "." + Base64Url(signature);
    }

    public static string SignEcdsa(JsonObject header, JsonObject payload, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var unsigned = SigningInput(header, payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return unsigned + "." + Base64Url(signature);
    }

    /// <summary>The public half of an RSA key as a JWK, for tokens that carry their own key.</summary>
    public static JsonObject Jwk(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = Base64Url(parameters.Modulus!),
            ["e"] = Base64Url(parameters.Exponent!),
        };
    }

    public static JsonObject Jwk(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url(parameters.Q.X!),
            ["y"] = Base64Url(parameters.Q.Y!),
        };
    }

    public static JsonObject Copy(JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return (JsonObject)value.DeepClone();
    }

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Encode(JsonObject part) => Base64Url(Encoding.UTF8.GetBytes(part.ToJsonString()));

    private static byte[] FromBase64Url(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64 + new string('=', (4 - (base64.Length % 4)) % 4));
    }
}
