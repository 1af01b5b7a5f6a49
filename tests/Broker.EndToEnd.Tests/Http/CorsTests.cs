namespace Broker.EndToEnd.Http;

public sealed class CorsTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Theory]
    [InlineData("/insert", "POST")]
    [InlineData("/login", "POST")]
    [InlineData("/sse", "GET")]
    public async Task Preflight_AllowsAuthorizationAndContentType(string path, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "http://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");

        var response = await Api.SendAsync(request);

        Assert.True((int)response.Status is >= 200 and < 300, $"{(int)response.Status}: {response.Body}");
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        var allowed = Single(response, "Access-Control-Allow-Headers")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("authorization", allowed, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("content-type", allowed, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(method, Single(response, "Access-Control-Allow-Methods").Split(',',
            StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task ACrossOriginRequest_GetsTheAllowOriginHeader()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new StringContent("""{"username":"nobody-here","password":"x"}"""),
        };
        request.Headers.Add("Origin", "http://app.example.com");

        var response = await Api.SendAsync(request);

        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
    }

    private static string Single(ApiResponse response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);
}
