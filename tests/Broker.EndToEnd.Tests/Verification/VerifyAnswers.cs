using System.Net.Http.Headers;

namespace Broker.EndToEnd.Verification;

/// <summary>Calls <c>/verify</c> and <c>/public_key</c> and reads their byte arrays.</summary>
public static class VerifyAnswers
{
    public static async Task<JsonObject> VerifyAsync(this BrokerApi api, AuthenticationHeaderValue auth) =>
        Assert.IsType<JsonObject>((await api.GetAsync("/verify", auth)).AssertOk());

    public static async Task<JsonObject> PublicKeyAsync(this BrokerApi api) =>
        Assert.IsType<JsonObject>((await api.GetAsync("/public_key")).AssertOk());

    /// <summary>A JSON array of byte values as bytes; fails the test on anything else.</summary>
    public static byte[] Bytes(JsonNode? array) =>
        [.. Assert.IsType<JsonArray>(array).Select(value => value!.GetValue<byte>())];

    /// <summary>Creates a user with <paramref name="scopes"/>.</summary>
    public static async Task<TestUser> NewUserWithScopesAsync(this BrokerApi api, string label,
        params string[] scopes)
    {
        var user = TestUser.Unique(label);
        await api.CreateUserAsync(user, body => body["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]));
        return user;
    }
}
