namespace Broker.Security.Credentials;

/// <summary>
/// TOTP codes driven by the secret read back from the enrolment QR code: accepted for the current step and one
/// either side, never twice, and never in place of a reset code (nor the other way round).
/// </summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class TotpTests(SecurityCluster cluster)
{
    private const string InvalidCode = "invalid TOTP code";
    private const string InvalidResetCode = "invalid or expired reset code";

    [Fact]
    public async Task TheSameCode_IsNotAcceptedTwice()
    {
        var (user, totp) = await NewTwoFactorUserAsync("totp-replay");
        var code = totp.Now();

        await cluster.Main.LoginAsync(user, code);

        await SuiteReport.AttackAsync(async () => (await cluster.Main.LoginRawAsync(user.Username, user.Password, code))
            .AssertError(HttpStatusCode.Unauthorized, InvalidCode));
        await SuiteReport.AttackAsync(async () =>
            (await cluster.Second.LoginRawAsync(user.Username, user.Password, code))
            .AssertError(HttpStatusCode.Unauthorized, InvalidCode));
    }

    [Fact]
    public async Task OfTwoConcurrentLoginsWithOneCode_ExactlyOneWins()
    {
        for (var round = 0; round < 5; round++)
        {
            var (user, totp) = await NewTwoFactorUserAsync("totp-race");
            var code = totp.Now();

            var replies = await Task.WhenAll(
                cluster.Main.LoginRawAsync(user.Username, user.Password, code),
                cluster.Second.LoginRawAsync(user.Username, user.Password, code));

            await SuiteReport.AttackAsync(() =>
            {
                Assert.Single(replies, reply => reply.Status == HttpStatusCode.OK);
                Assert.Single(replies, reply => reply.Status == HttpStatusCode.Unauthorized).AssertError(
                    HttpStatusCode.Unauthorized, InvalidCode);
                return Task.CompletedTask;
            });
        }
    }

    [Fact]
    public async Task CodesOfTheStepsEitherSide_AreAccepted_AndNoFurther()
    {
        // A step boundary passing mid-check would shift the window; such a round is thrown away and repeated.
        for (var round = 0; ; round++)
        {
            Assert.True(round < 5, "a step boundary passed during every round");
            var (user, totp) = await NewTwoFactorUserAsync("totp-window");
            var step = Totp.CurrentStep;

            var tooOld = await cluster.Main.LoginRawAsync(user.Username, user.Password, totp.AtStep(step - 2));
            var previous = await cluster.Main.LoginRawAsync(user.Username, user.Password, totp.AtStep(step - 1));
            var current = await cluster.Second.LoginRawAsync(user.Username, user.Password, totp.AtStep(step));
            var next = await cluster.Main.LoginRawAsync(user.Username, user.Password, totp.AtStep(step + 1));
            var tooNew = await cluster.Second.LoginRawAsync(user.Username, user.Password, totp.AtStep(step + 2));
            var older = await cluster.Main.LoginRawAsync(user.Username, user.Password, totp.AtStep(step));
            if (Totp.CurrentStep != step)
            {
                continue;
            }

            previous.AssertOk();
            current.AssertOk();
            next.AssertOk();
            SuiteReport.Attack(() => tooOld.AssertError(HttpStatusCode.Unauthorized, InvalidCode));
            SuiteReport.Attack(() => tooNew.AssertError(HttpStatusCode.Unauthorized, InvalidCode));

            // A code of a step before the newest accepted one is refused even while it is in the window.
            SuiteReport.Attack(() => older.AssertError(HttpStatusCode.Unauthorized, InvalidCode));
            return;
        }
    }

    [Fact]
    public async Task AResetCode_IsRefusedAtLogin_AndStillWorksForTheReset()
    {
        var (user, _) = await NewTwoFactorUserAsync("totp-reset-at-login");
        var resetCode = await ResetCodeAsync(user);

        await SuiteReport.AttackAsync(async () =>
            (await cluster.Main.LoginRawAsync(user.Username, user.Password, resetCode))
                .AssertError(HttpStatusCode.Unauthorized, InvalidCode));

        (await ResetAsync(user, resetCode, "new " + TestUser.RandomText())).AssertOk();
    }

    [Fact]
    public async Task ALoginCode_IsRefusedForAReset_AndTheLoginStillWorks()
    {
        var (user, totp) = await NewTwoFactorUserAsync("totp-login-at-reset");
        var resetCode = await ResetCodeAsync(user);
        var step = Totp.CurrentStep;
        var loginCode = totp.AtStep(step) == resetCode ? totp.AtStep(step + 1) : totp.AtStep(step);

        await SuiteReport.AttackAsync(async () => (await ResetAsync(user, loginCode, "new " + TestUser.RandomText()))
            .AssertError(HttpStatusCode.Unauthorized, InvalidResetCode));

        await cluster.Main.LoginAsync(user, totp.Now());
        (await ResetAsync(user, resetCode, "new " + TestUser.RandomText())).AssertOk();
    }

    [Fact]
    public async Task AResetCode_WorksOnce()
    {
        var user = TestUser.Unique("totp-reset-once");
        await cluster.Main.CreateUserAsync(user);
        var resetCode = await ResetCodeAsync(user);
        var first = "first " + TestUser.RandomText();

        (await ResetAsync(user, resetCode, first)).AssertOk();

        await SuiteReport.AttackAsync(async () => (await ResetAsync(user, resetCode, "second " + TestUser.RandomText()))
            .AssertError(HttpStatusCode.Unauthorized, InvalidResetCode));
        await cluster.Main.LoginAsync(user with { Password = first });
    }

    private async Task<(TestUser User, Totp Totp)> NewTwoFactorUserAsync(string label)
    {
        var user = TestUser.Unique(label);
        await cluster.Main.CreateUserAsync(user, body => body["two_factor"] = true);
        return (user, await Totp.EnrolAsync(cluster.Main, user));
    }

    private async Task<string> ResetCodeAsync(TestUser user) =>
        (await cluster.Main.AdminAsync("/create_totp", new JsonObject { ["username"] = user.Username }))
            .AssertOk()["totp"]!.GetValue<string>();

    private Task<Reply> ResetAsync(TestUser user, string code, string password) =>
        cluster.Second.PostAsync("/password_reset", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = password,
            ["totp"] = code,
        });
}
