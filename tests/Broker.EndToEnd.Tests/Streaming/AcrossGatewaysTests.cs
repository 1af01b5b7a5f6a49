namespace Broker.EndToEnd.Streaming;

/// <summary>Two gateways of one cluster act as one service: events, tokens and sign-outs cross between them.</summary>
public sealed class AcrossGatewaysTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task AnEventInsertedThroughEitherGateway_ReachesStreamsOnBoth()
    {
        var second = await SecondGatewayAsync();
        var user = await NewUserAsync("two-gateways");
        await using var onFirst = await Api.OpenStreamAsync(user.Basic);
        await using var onSecond = await second.OpenStreamAsync(user.Basic);

        await Api.InsertAsync(user.Basic, "from-first", "1");
        await second.InsertAsync(user.Basic, "from-second", "2");

        foreach (var stream in new[] { onFirst, onSecond })
        {
            var frames = await stream.NextAsync(2);
            frames[0].AssertIs("from-first", "1", "1");
            frames[1].AssertIs("from-second", "2", "2");
        }
    }

    [Fact]
    public async Task AJwtFromOneGateway_IsAcceptedByTheOther()
    {
        var second = await SecondGatewayAsync();
        var user = await NewUserAsync("jwt-travels");
        var jwt = await Api.LoginAsync(user);

        var id = await second.InsertAsync(Credentials.Bearer(jwt), "travelled", "true");

        Assert.Equal("1", id);
    }

    // The stream is the tenant's first on the second gateway, so the revocation may come while that gateway is
    // still subscribing to the tenant and miss it: the stream then ends at the hub's next credential check.
    [Fact]
    public async Task RevokingThroughOneGateway_ClosesStreamsAndRefusesCredentialsOnTheOther()
    {
        var second = await SecondGatewayAsync();
        var user = await NewUserAsync("revoked-everywhere");
        var bearer = await Api.BearerAsync(user);
        await using var stream = await second.OpenStreamAsync(bearer);
        Assert.Equal("1", await Api.InsertAsync(user.Basic, "live", "1"));
        (await stream.NextAsync()).AssertIs("live", "1", "1");

        (await Api.AdminAsync("/revoke_user", new JsonObject { ["username"] = user.Username }))
            .AssertStatus(HttpStatusCode.OK);

        await stream.WaitForEndAsync();
        (await second.InsertRawAsync(user.Basic, "x", "1")).AssertError(HttpStatusCode.Unauthorized, "user is revoked");
        (await second.InsertRawAsync(bearer, "x", "1")).AssertError(HttpStatusCode.Unauthorized, "user is revoked");
    }

    [Fact]
    public async Task APasswordChangedThroughOneGateway_EndsTheOldPasswordOnTheOther()
    {
        var second = await SecondGatewayAsync();
        var user = await NewUserAsync("password-everywhere");
        Assert.Equal("1", await second.InsertAsync(user.Basic, "cached", "1"));

        (await Api.AdminAsync("/update_user", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = "Tr0ub4dor and a brand new horse",
        })).AssertOk();

        (await second.InsertRawAsync(user.Basic, "x", "1"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password");
    }

    [Fact]
    public async Task AStream_EndsWhenItsJwtExpires_AndTheTokenIsThenRefused()
    {
        var second = await SecondGatewayAsync();
        var user = await NewUserAsync("short-lived");
        var jwt = await second.LoginAsync(user);
        var payload = Identity.JwtTokens.Decode(jwt).Payload;
        Assert.Equal(SharedCluster.SecondGatewayJwtExpirySeconds,
            payload["exp"]!.GetValue<long>() - payload["iat"]!.GetValue<long>());
        await using var stream = await second.OpenStreamAsync(Credentials.Bearer(jwt));

        await stream.WaitForEndAsync();

        // A new stream is refused from the expiry on, while a request is accepted within the clock skew.
        (await second.GetAsync("/sse", Credentials.Bearer(jwt)))
            .AssertError(HttpStatusCode.Unauthorized, "invalid or expired token");
        await Broker.Testing.Eventually.True(async () =>
            (await second.InsertRawAsync(Credentials.Bearer(jwt), "late", "1")).Status == HttpStatusCode.Unauthorized,
            "the expired token to be refused past the clock skew");
        (await second.InsertRawAsync(Credentials.Bearer(jwt), "late", "1"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid or expired token");
    }
}
