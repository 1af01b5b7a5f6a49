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
    public async Task Head_Root_IsOk()
    {
        var response = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        response.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("", response.Body);
    }
}
