namespace Broker.EndToEnd.Identity;

/// <summary>Revocation, a new password and a move to another tenant end a user's sessions everywhere at once.</summary>
public sealed class SignOutTests(SharedCluster shared) : SharedClusterTest(shared)
{
    private const string StaleToken = "token is no longer valid: log in again";

    [Fact]
    public async Task Revoke_ClosesOpenStreams_AndOldCredentialsGet401()
    {
        var user = await NewUserAsync("signout-revoke");
        var bearer = await Api.BearerAsync(user);
        await using var jwtStream = await Api.OpenStreamAsync(bearer);
        await using var basicStream = await Api.OpenStreamAsync(user.Basic);
        await Api.InsertAsync(bearer, "before", "1");
        await jwtStream.NextAsync();
        await basicStream.NextAsync();

        (await Api.AdminAsync("/revoke_user", new JsonObject { ["username"] = user.Username }))
            .AssertStatus(HttpStatusCode.OK);

        await jwtStream.WaitForEndAsync();
        await basicStream.WaitForEndAsync();
        (await Api.GetAsync("/sse", bearer)).AssertError(HttpStatusCode.Unauthorized, "user is revoked");
        (await Api.GetAsync("/sse", user.Basic)).AssertError(HttpStatusCode.Unauthorized, "user is revoked");
        (await Api.InsertRawAsync(bearer, "after", "1")).AssertError(HttpStatusCode.Unauthorized, "user is revoked");
    }

    [Fact]
    public async Task Revoke_LeavesOtherUsersOfTheTenantStreaming()
    {
        var tenant = TestUser.UniqueName("signout-tenant");
        var revoked = await NewUserAsync("signout-gone", tenant);
        var staying = await NewUserAsync("signout-stays", tenant);
        await using var revokedStream = await Api.OpenStreamAsync(revoked.Basic);
        await using var stayingStream = await Api.OpenStreamAsync(staying.Basic);
        await Api.InsertAsync(staying.Basic, "live", "1");
        await revokedStream.NextAsync();
        await stayingStream.NextAsync();

        (await Api.AdminAsync("/revoke_user", new JsonObject { ["username"] = revoked.Username }))
            .AssertStatus(HttpStatusCode.OK);
        await revokedStream.WaitForEndAsync();
        await Api.InsertAsync(staying.Basic, "still-here", "2");

        (await stayingStream.NextAsync()).AssertIs("still-here", "2", "2");
    }

    [Fact]
    public async Task PasswordChange_ClosesOpenStreams_AndOnlyTheNewPasswordWorks()
    {
        var user = await NewUserAsync("signout-password");
        var bearer = await Api.BearerAsync(user);
        await using var stream = await Api.OpenStreamAsync(bearer);
        await using var basicStream = await Api.OpenStreamAsync(user.Basic);
        await Api.InsertAsync(bearer, "live", "1");
        await stream.NextAsync();
        await basicStream.NextAsync();
        var changed = user with { Password = "a changed password" };

        (await Api.AdminAsync("/update_user", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = changed.Password,
        })).AssertOk();

        await stream.WaitForEndAsync();
        await basicStream.WaitForEndAsync();
        (await Api.GetAsync("/sse", bearer)).AssertError(HttpStatusCode.Unauthorized, StaleToken);
        (await Api.InsertRawAsync(user.Basic, "old", "1"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password");
        Assert.Equal("2", await Api.InsertAsync(changed.Basic, "new", "1"));
    }

    [Fact]
    public async Task PasswordReset_ClosesOpenStreams_AndOldJwtGets401()
    {
        var user = await NewUserAsync("signout-reset");
        var bearer = await Api.BearerAsync(user);
        await using var stream = await Api.OpenStreamAsync(bearer);
        await Api.InsertAsync(bearer, "live", "1");
        await stream.NextAsync();
        var code = (await Api.AdminAsync("/create_totp", new JsonObject { ["username"] = user.Username }))
            .AssertOk()["totp"]!.GetValue<string>();

        (await Api.PostAsync("/password_reset", new JsonObject
        {
            ["username"] = user.Username,
            ["totp"] = code,
            ["password"] = "a reset password",
        })).AssertStatus(HttpStatusCode.OK);

        await stream.WaitForEndAsync();
        (await Api.InsertRawAsync(bearer, "old", "1")).AssertError(HttpStatusCode.Unauthorized, StaleToken);
    }

    [Fact]
    public async Task TenantMove_ClosesOpenStreams_AndTheUserThenSeesTheNewTenant()
    {
        var user = await NewUserAsync("signout-move");
        var newTenant = TestUser.UniqueName("destination");
        var resident = await NewUserAsync("resident", newTenant);
        await Api.InsertAsync(resident.Basic, "home", "\"of the resident\"");
        await using var stream = await Api.OpenStreamAsync(user.Basic);
        await Api.InsertAsync(user.Basic, "live", "1");
        await stream.NextAsync();

        (await Api.AdminAsync("/update_user", new JsonObject
        {
            ["username"] = user.Username,
            ["tenant_name"] = newTenant,
        })).AssertOk();

        await stream.WaitForEndAsync();
        var jwt = await Api.LoginAsync(user);
        Assert.Equal(newTenant, JwtTokens.Decode(jwt).Payload["tenant"]!.GetValue<string>());
        await using var moved = await Api.OpenStreamAsync(Credentials.Bearer(jwt));
        (await moved.NextAsync()).AssertIs("home", "1", "\"of the resident\"");
    }
}
