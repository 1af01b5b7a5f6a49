namespace Broker.EndToEnd.Http;

/// <summary>The second gateway's settings (one CORS origin, the password check) as a client meets them.</summary>
public sealed class GatewaySettingsTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task Preflight_FromTheConfiguredOrigin_IsAllowed()
    {
        var second = await SecondGatewayAsync();

        var response = await second.SendAsync(Preflight(SharedCluster.SecondGatewayOrigin));

        Assert.True((int)response.Status is >= 200 and < 300, $"{(int)response.Status}: {response.Body}");
        Assert.Equal([SharedCluster.SecondGatewayOrigin], response.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_GetsNoPermission()
    {
        var second = await SecondGatewayAsync();

        var response = await second.SendAsync(Preflight("https://elsewhere.example.org"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task CreateUser_WithAWeakPassword_IsRefused_WhenThePasswordCheckerIsOn()
    {
        var second = await SecondGatewayAsync();
        var user = TestUser.Unique("weak") with { Password = "password1" };

        var response = await second.PostAsync("/create_user", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = second.AdminToken,
        });

        response.AssertError(HttpStatusCode.BadRequest,
            "password is too weak (strength 0 of 4, at least 3 needed; it would be guessed in instant): use a " +
            "longer password, such as several unrelated words, and avoid names, dates, keyboard patterns and " +
            "common passwords");
    }

    [Fact]
    public async Task CreateUser_WithAStrongPassword_IsAccepted_WhenThePasswordCheckerIsOn()
    {
        var second = await SecondGatewayAsync();
        var user = TestUser.Unique("strong") with { Password = "violet tractor sings under 7 moons" };

        var created = await second.CreateUserAsync(user);

        Assert.Equal(user.Username, created["username"]!.GetValue<string>());
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/insert");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }
}
