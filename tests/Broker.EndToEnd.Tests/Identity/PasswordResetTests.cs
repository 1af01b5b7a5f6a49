using System.Text.RegularExpressions;

namespace Broker.EndToEnd.Identity;

public sealed class PasswordResetTests(SharedCluster shared) : SharedClusterTest(shared)
{
    private const string InvalidCode = "invalid or expired reset code";

    [Fact]
    public async Task PasswordReset_WithAnIssuedCode_SetsTheNewPassword_Once()
    {
        var user = await NewUserAsync("reset");
        var code = await IssueCodeAsync(user);
        var changed = user with { Password = "a brand new password" };

        var reset = await ResetAsync(user.Username, code, changed.Password);
        var reused = await ResetAsync(user.Username, code, "yet another password");

        reset.AssertStatus(HttpStatusCode.OK);
        reused.AssertError(HttpStatusCode.Unauthorized, InvalidCode);
        (await Api.LoginRawAsync(user.Username, user.Password))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password");
        Assert.NotEmpty(await Api.LoginAsync(changed));
    }

    [Fact]
    public async Task CreateTotp_ReturnsSixDigits()
    {
        var user = await NewUserAsync("reset-code");

        var body = (await Api.AdminAsync("/create_totp", new JsonObject { ["username"] = user.Username }))
            .AssertOk();

        Assert.Equal(["totp"], body.AsObject().Select(member => member.Key));
        Assert.Matches(new Regex(@"\A[0-9]{6}\z"), body["totp"]!.GetValue<string>());
    }

    [Fact]
    public async Task PasswordReset_WithAWrongCode_IsUnauthorized_AndKeepsThePassword()
    {
        var user = await NewUserAsync("reset-wrong");
        var code = await IssueCodeAsync(user);
        var wrong = ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

        var response = await ResetAsync(user.Username, wrong, "a password never set");

        response.AssertError(HttpStatusCode.Unauthorized, InvalidCode);
        Assert.NotEmpty(await Api.LoginAsync(user));
    }

    [Fact]
    public async Task PasswordReset_WithoutAnIssuedCode_IsUnauthorized()
    {
        var user = await NewUserAsync("reset-none");

        var response = await ResetAsync(user.Username, "123456", "a password never set");

        response.AssertError(HttpStatusCode.Unauthorized, InvalidCode);
    }

    [Fact]
    public async Task PasswordReset_WithAPasswordOf73Bytes_IsBadRequest()
    {
        var user = await NewUserAsync("reset-long");
        var code = await IssueCodeAsync(user);

        var response = await ResetAsync(user.Username, code, new string('x', 73));

        response.AssertError(HttpStatusCode.BadRequest, "password must be at most 72 bytes in UTF-8");
    }

    [Fact]
    public async Task CreateTotp_ForAnUnknownUser_IsNotFound()
    {
        var response = await Api.AdminAsync("/create_totp", new JsonObject
        {
            ["username"] = TestUser.UniqueName("ghost"),
        });

        response.AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Fact]
    public async Task CreateTotp_WithAWrongAdminToken_IsUnauthorized()
    {
        var user = await NewUserAsync("reset-intruder");

        var response = await Api.PostAsync("/create_totp", new JsonObject
        {
            ["username"] = user.Username,
            ["admin_token"] = "wrong",
        });

        response.AssertError(HttpStatusCode.Unauthorized, "invalid admin token");
    }

    private async Task<string> IssueCodeAsync(TestUser user) =>
        (await Api.AdminAsync("/create_totp", new JsonObject { ["username"] = user.Username }))
        .AssertOk()["totp"]!.GetValue<string>();

    private Task<ApiResponse> ResetAsync(string username, string code, string password) =>
        Api.PostAsync("/password_reset", new JsonObject
        {
            ["username"] = username,
            ["totp"] = code,
            ["password"] = password,
        });
}
