using Broker.Testing;
using Xunit.Abstractions;

namespace Broker.Security.Credentials;

/// <summary>
/// Guessing passwords, login codes or reset codes: the fifth failure in a row locks the user out, each later
/// failure doubles the lockout, the limit is the user's wherever the guesses come from (two gateways, Basic or
/// login) and survives a restart of every process, and each lockout leaves a line in the audit log.
/// </summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class BruteForceTests(SecurityCluster cluster, ITestOutputHelper output)
{
    private const string TooMany = "too many failed attempts; try again later";

    [Fact]
    public async Task PasswordGuesses_AcrossTwoGateways_LockTheUserOut_ForGrowingTimes_WithAnAuditRecordEach()
    {
        var user = TestUser.Unique("guessed");
        var bystander = TestUser.Unique("bystander");
        await cluster.Main.CreateUserAsync(user);
        await cluster.Main.CreateUserAsync(bystander);

        // Four misses, alternating gateways and between /login and Basic, are only misses.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var reply = await GuessAsync(user, attempt);
            SuiteReport.Attack(() => Expect401(reply));
        }

        await SuiteReport.AttackAsync(async () => AssertLockedOut(await GuessAsync(user, 4), 1));
        await SuiteReport.AttackAsync(async () =>
            AssertLockedOut(await cluster.Second.LoginRawAsync(user.Username, user.Password), 1));
        await cluster.Main.LoginAsync(bystander);

        await SuiteReport.AttackAsync(() => WaitForLockoutAsync(user, 2));
        await SuiteReport.AttackAsync(() => WaitForLockoutAsync(user, 4));
        foreach (var (seconds, failures) in new[] { (1, 5), (2, 6), (4, 7) })
        {
            await AssertAuditedAsync(user, seconds, failures);
        }

        // Once the lockout ends the right password works, and clears the count.
        await Eventually.True(async () => (await cluster.Main.LoginRawAsync(user.Username, user.Password)).Status
            == HttpStatusCode.OK, "the lockout to end");
        Expect401(await GuessAsync(user, 0));
        output.WriteLine(SuiteReport.Line);
    }

    [Fact]
    public async Task LoginCodeGuesses_LockTheUserOut_EvenForTheRightCode()
    {
        var user = TestUser.Unique("code-guessed");
        await cluster.Main.CreateUserAsync(user, body => body["two_factor"] = true);
        var totp = await Totp.EnrolAsync(cluster.Main, user);

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var gateway = attempt % 2 == 0 ? cluster.Main : cluster.Second;
            var reply = await gateway.LoginRawAsync(user.Username, user.Password, totp.Wrong(attempt));
            SuiteReport.Attack(() => reply.AssertError(HttpStatusCode.Unauthorized, "invalid TOTP code"));
        }

        await SuiteReport.AttackAsync(async () => AssertLockedOut(
            await cluster.Main.LoginRawAsync(user.Username, user.Password, totp.Wrong(4)), 1));
        await SuiteReport.AttackAsync(async () => AssertLockedOut(
            await cluster.Second.LoginRawAsync(user.Username, user.Password, totp.Now()), 1));
        await AssertAuditedAsync(user, 1, 5);
    }

    [Fact]
    public async Task ResetCodeGuesses_LockTheUserOut_EvenForTheRightCode()
    {
        var user = TestUser.Unique("reset-guessed");
        await cluster.Main.CreateUserAsync(user);
        var code = (await cluster.Main.AdminAsync("/create_totp", new JsonObject { ["username"] = user.Username }))
            .AssertOk()["totp"]!.GetValue<string>();
        var newPassword = "reset " + TestUser.RandomText();

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var reply = await ResetAsync(attempt % 2 == 0 ? cluster.Main : cluster.Second, user,
                Totp.Other(code, attempt), newPassword);
            SuiteReport.Attack(() => reply.AssertError(HttpStatusCode.Unauthorized, "invalid or expired reset code"));
        }

        await SuiteReport.AttackAsync(async () =>
            AssertLockedOut(await ResetAsync(cluster.Second, user, Totp.Other(code, 4), newPassword), 1));
        await SuiteReport.AttackAsync(async () =>
            AssertLockedOut(await ResetAsync(cluster.Main, user, code, newPassword), 1));
        await AssertAuditedAsync(user, 1, 5);

        // The right code still works once the lockout ends, and only once.
        await Eventually.True(async () => (await ResetAsync(cluster.Main, user, code, newPassword)).Status
            == HttpStatusCode.OK, "the lockout to end");
        await SuiteReport.AttackAsync(async () => (await ResetAsync(cluster.Second, user, code, "again " + newPassword))
            .AssertError(HttpStatusCode.Unauthorized, "invalid or expired reset code"));
        await cluster.Main.LoginAsync(user with { Password = newPassword });
    }

    [Fact]
    public async Task TheCount_SurvivesARestartOfEveryProcess()
    {
        var user = TestUser.Unique("guessed-restart");
        await cluster.Main.CreateUserAsync(user);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await GuessAsync(user, attempt);
        }

        await WaitForLockoutAsync(user, 2);

        await cluster.RestartBrokerAsync();

        // Had the six failures been forgotten, the next miss would be a plain 401.
        await SuiteReport.AttackAsync(() => WaitForLockoutAsync(user, 4));
        await AssertAuditedAsync(user, 4, 7);
        output.WriteLine(SuiteReport.Line);
    }

    /// <summary>A wrong password: even attempts log in on the main gateway, odd ones use Basic on the second.</summary>
    private Task<Reply> GuessAsync(TestUser user, int attempt)
    {
        var wrong = "wrong " + attempt;
        return attempt % 2 == 0
            ? cluster.Main.LoginRawAsync(user.Username, wrong)
            : cluster.Second.GetAsync("/verify", AuthHeaders.Basic(user.Username, wrong));
    }

    /// <summary>
    /// Guesses on until a guess starts a lockout of <paramref name="seconds"/>. Answers of the running lockout
    /// (never longer than half the next) are expected meanwhile; a plain miss would mean the count was lost.
    /// </summary>
    private async Task WaitForLockoutAsync(TestUser user, int seconds)
    {
        var attempt = 0;
        await Poll.UntilAsync(async () =>
        {
            var reply = await GuessAsync(user, attempt++);
            var retryAfter = AssertLockedOut(reply, null);
            Assert.True(retryAfter <= seconds, $"Retry-After {retryAfter} while waiting for a {seconds} s lockout");
            return retryAfter == seconds;
        }, $"a {seconds} s lockout", TimeSpan.FromSeconds(seconds + 60));
    }

    private static void Expect401(Reply reply) =>
        reply.AssertError(HttpStatusCode.Unauthorized, "invalid username or password");

    /// <returns>The Retry-After seconds.</returns>
    private static int AssertLockedOut(Reply reply, int? seconds)
    {
        reply.AssertError(HttpStatusCode.TooManyRequests, TooMany);
        var retryAfter = reply.RetryAfterSeconds ?? 0;
        Assert.True(retryAfter >= 1, "a 429 without Retry-After");
        if (seconds is { } expected)
        {
            Assert.Equal(expected, retryAfter);
        }

        return retryAfter;
    }

    private async Task AssertAuditedAsync(TestUser user, int seconds, int failures)
    {
        var line =
            $"Broker.Audit[2005] User {user.Username} locked out for {seconds} s after {failures} failed attempts";
        await Eventually.True(() => Task.FromResult(SecurityCluster.ReadShared(cluster.SiloLogFile).Contains(line,
            StringComparison.Ordinal)), $"the audit line '{line}' in the silo's output");
        SuiteReport.CountRepelled(1);
    }

    private static Task<Reply> ResetAsync(GatewayClient gateway, TestUser user, string code, string password) =>
        gateway.PostAsync("/password_reset", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = password,
            ["totp"] = code,
        });
}
