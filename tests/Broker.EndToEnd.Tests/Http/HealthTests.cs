namespace Broker.EndToEnd.Http;

public sealed class HealthTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task Get_Root_IsOk()
    {
        var response = await Api.GetAsync("/");

        response.AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheOpenApiDocument_ListsEveryEndpoint()
    {
        var document = (await Api.GetAsync("/openapi/v1.json")).AssertOk();

        var paths = Assert.IsType<JsonObject>(document["paths"]).Select(path => path.Key).ToHashSet();
        string[] expected =
        [
            "/", "/create_user", "/login", "/sse", "/insert", "/verify", "/public_key", "/revoke_user",
            "/unrevoke_user", "/list_users", "/get_user", "/update_user", "/create_qr", "/create_totp",
            "/password_reset",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
    }

    [Fact]
    public async Task Head_Root_IsOk()
    {
        var response = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        response.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("", response.Body);
    }
}
