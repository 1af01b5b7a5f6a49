namespace Broker.EndToEnd.Http;

public sealed class RoutingTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task AnUnknownPath_IsNotFoundWithAJsonError()
    {
        var response = await Api.GetAsync("/no/such/endpoint");

        response.AssertError(HttpStatusCode.NotFound, "no such endpoint: /no/such/endpoint");
    }

    [Theory]
    [InlineData("GET", "/insert")]
    [InlineData("POST", "/sse")]
    [InlineData("GET", "/login")]
    public async Task AKnownPathWithTheWrongMethod_IsMethodNotAllowedWithAJsonError(string method, string path)
    {
        var response = await Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.AssertError(HttpStatusCode.MethodNotAllowed, $"method {method} is not allowed here");
    }
}
