namespace Broker.EndToEnd.Identity;

public sealed class LoginTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task Login_WithTheRightPassword_ReturnsAJwtForTheUser()
    {
        var user = await NewUserAsync("login");

        var response = await Api.LoginRawAsync(user.Username, user.Password);

        var body = Assert.IsType<JsonObject>(response.AssertOk());
        Assert.Equal(["jwt"], body.Select(member => member.Key));
        var (header, payload) = JwtTokens.Decode(body["jwt"]!.GetValue<string>());
        Assert.Equal("HS256", header["alg"]!.GetValue<string>());
        Assert.Equal(user.Username, payload["sub"]!.GetValue<string>());
        Assert.Equal("Broker", payload["iss"]!.GetValue<string>());
        Assert.Equal(user.Tenant, payload["tenant"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(payload["stamp"]!.GetValue<string>()));
        Assert.Equal(payload["iat"]!.GetValue<long>() + 86400, payload["exp"]!.GetValue<long>());
    }

    [Fact]
    public async Task Login_WithAWrongPassword_IsUnauthorized()
    {
        var user = await NewUserAsync("wrongpass");

        var response = await Api.LoginRawAsync(user.Username, user.Password + "x");

        response.AssertError(HttpStatusCode.Unauthorized, "invalid username or password");
    }

    [Fact]
    public async Task Login_AsAnUnknownUser_IsNotFound()
    {
        var response = await Api.LoginRawAsync(TestUser.UniqueName("nobody"), "some password");

        response.AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Theory]
    [InlineData("{", "request body is not valid JSON (line 1, byte 2)")]
    [InlineData("""{"username": "someone"}""", "missing field 'password'")]
    [InlineData("""{"password": "something"}""", "missing field 'username'")]
    public async Task Login_WithAMalformedBody_IsBadRequest(string body, string error)
    {
        var response = await Api.PostRawAsync("/login", body);

        response.AssertError(HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task Login_AfterRepeatedWrongPasswords_IsLimitedWithRetryAfter()
    {
        var user = await NewUserAsync("guessed");
        var statuses = new List<HttpStatusCode>();
        ApiResponse? limited = null;

        // The fifth failure in a row starts the lock-out and already answers with it.
        for (var attempt = 0; attempt < 12 && limited is null; attempt++)
        {
            var response = await Api.LoginRawAsync(user.Username, "wrong password " + attempt);
            statuses.Add(response.Status);
            if (response.Status == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        limited.AssertError(HttpStatusCode.TooManyRequests, "too many failed attempts; try again later");
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1),
            $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Equal(5, statuses.Count);
        Assert.All(statuses.SkipLast(1), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
    }

    [Fact]
    public async Task Login_OfARevokedUser_IsUnauthorized_UntilUnrevoked()
    {
        var user = await NewUserAsync("revoked");

        (await Api.AdminAsync("/revoke_user", new JsonObject { ["username"] = user.Username })).AssertStatus(
            HttpStatusCode.OK);
        var whileRevoked = await Api.LoginRawAsync(user.Username, user.Password);
        (await Api.AdminAsync("/unrevoke_user", new JsonObject { ["username"] = user.Username })).AssertStatus(
            HttpStatusCode.OK);
        var afterwards = await Api.LoginRawAsync(user.Username, user.Password);

        whileRevoked.AssertError(HttpStatusCode.Unauthorized, "user is revoked");
        afterwards.AssertOk();
    }
}
