using System.Diagnostics;
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
        Func<int, Task<Reply>> guess = attempt => GuessAsync(user, attempt);

        // Four misses, alternating gateways and between /login and Basic, are only misses.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var reply = await guess(attempt);
            SuiteReport.Attack(() => Expect401(reply));
        }

        await SuiteReport.AttackAsync(async () => AssertLockedOut(await guess(4), 1));
        await cluster.Main.LoginAsync(bystander);

        await SuiteReport.AttackAsync(() => LockOutAsync(guess, 2, missesAllowed: false));
        var lockedAt = 0L;
        await SuiteReport.AttackAsync(async () => lockedAt = await LockOutAsync(guess, 4, missesAllowed: false));
        foreach (var (seconds, failures) in new[] { (1, 5), (2, 6), (4, 7) })
        {
            await AssertAuditedAsync(user, seconds, failures);
        }

        await SuiteReport.AttackAsync(() => AssertRightCredentialsRefusedAsync(
            guess, () => cluster.Second.LoginRawAsync(user.Username, user.Password), lockedAt, 4));

        // Once the lockout ends the right password works, and clears the count.
        await Eventually.True(async () => (await cluster.Main.LoginRawAsync(user.Username, user.Password)).Status
            == HttpStatusCode.OK, "the lockout to end");
        Expect401(await guess(0));
        output.WriteLine(SuiteReport.Line);
    }

    [Fact]
    public async Task LoginCodeGuesses_LockTheUserOut_EvenForTheRightCode()
    {
        var user = TestUser.Unique("code-guessed");
        await cluster.Main.CreateUserAsync(user, body => body["two_factor"] = true);
        var totp = await Totp.EnrolAsync(cluster.Main, user);
        Func<int, Task<Reply>> guess = attempt => (attempt % 2 == 0 ? cluster.Main : cluster.Second)
            .LoginRawAsync(user.Username, user.Password, totp.Wrong(attempt));

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var reply = await guess(attempt);
            SuiteReport.Attack(() => reply.AssertError(HttpStatusCode.Unauthorized, "invalid TOTP code"));
        }

        var lockedAt = Stopwatch.GetTimestamp();
        await SuiteReport.AttackAsync(async () => AssertLockedOut(await guess(4), 1));
        await AssertAuditedAsync(user, 1, 5);

        await SuiteReport.AttackAsync(() => AssertRightCredentialsRefusedAsync(
            guess, () => cluster.Second.LoginRawAsync(user.Username, user.Password, totp.Now()), lockedAt, 1));
    }

    [Fact]
    public async Task ResetCodeGuesses_LockTheUserOut_EvenForTheRightCode()
    {
        var user = TestUser.Unique("reset-guessed");
        await cluster.Main.CreateUserAsync(user);
        var code = await NewResetCodeAsync(user);
        var newPassword = "reset " + TestUser.RandomText();
        Func<int, Task<Reply>> guess = attempt =>
            ResetAsync(attempt % 2 == 0 ? cluster.Main : cluster.Second, user, Totp.Other(code, attempt), newPassword);

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var reply = await guess(attempt);
            SuiteReport.Attack(() => reply.AssertError(HttpStatusCode.Unauthorized, "invalid or expired reset code"));
        }

        var lockedAt = Stopwatch.GetTimestamp();
        await SuiteReport.AttackAsync(async () => AssertLockedOut(await guess(4), 1));
        await AssertAuditedAsync(user, 1, 5);

        // A fresh code for each try: should a try come too late to tell, it will have used its code up.
        await SuiteReport.AttackAsync(() => AssertRightCredentialsRefusedAsync(guess, async () =>
        {
            code = await NewResetCodeAsync(user);
            return await ResetAsync(cluster.Main, user, code, newPassword);
        }, lockedAt, 1));

        // The right code works once the lockout ends, and only once.
        code = await NewResetCodeAsync(user);
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
        Func<int, Task<Reply>> guess = attempt => GuessAsync(user, attempt);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await guess(attempt);
        }

        await LockOutAsync(guess, 2, missesAllowed: false);

        await cluster.RestartBrokerAsync();

        // Had the six failures been forgotten, the next miss would be a plain 401.
        await SuiteReport.AttackAsync(() => LockOutAsync(guess, 4, missesAllowed: false));
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
    /// Guesses on until a guess starts a lockout of <paramref name="seconds"/>, and returns when that guess was
    /// sent. Answers of the running lockout (never longer than half the next) are expected meanwhile, and plain
    /// misses only when <paramref name="missesAllowed"/>: otherwise a miss means the count was lost.
    /// </summary>
    private static async Task<long> LockOutAsync(Func<int, Task<Reply>> guess, int seconds, bool missesAllowed)
    {
        var attempt = 0;
        var sentAt = 0L;
        await Poll.UntilAsync(async () =>
        {
            sentAt = Stopwatch.GetTimestamp();
            var reply = await guess(attempt++);
            if (missesAllowed && reply.Status == HttpStatusCode.Unauthorized)
            {
                return false;
            }

            var retryAfter = AssertLockedOut(reply, null);
            Assert.True(retryAfter <= seconds, $"Retry-After {retryAfter} while waiting for a {seconds} s lockout");
            return retryAfter == seconds;
        }, $"a {seconds} s lockout", TimeSpan.FromSeconds((2 * seconds) + 60));
        return sentAt;
    }

    /// <summary>
    /// The right credentials, sent during a lockout of <paramref name="seconds"/> that began no earlier than
    /// <paramref name="lockedAt"/>, must get 429. An answer that comes after the lockout could have ended
    /// proves nothing (a loaded machine can take that long); then a longer lockout is started and tried.
    /// </summary>
    private static async Task AssertRightCredentialsRefusedAsync(Func<int, Task<Reply>> guess,
        Func<Task<Reply>> right, long lockedAt, int seconds)
    {
        while (true)
        {
            var reply = await right();
            if (reply.Status == HttpStatusCode.TooManyRequests)
            {
                AssertLockedOut(reply, null);
                return;
            }

            var elapsed = Stopwatch.GetElapsedTime(lockedAt);
            Assert.True(elapsed >= TimeSpan.FromSeconds(seconds),
                $"The right credentials got {(int)reply.Status} {elapsed.TotalSeconds:F1} s into a {seconds} s " +
                $"lockout: {reply.Body}");
            seconds *= 4;
            Assert.True(seconds <= 64, "every try came after its lockout had ended");
            lockedAt = await LockOutAsync(guess, seconds, missesAllowed: true);
        }
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

    private async Task<string> NewResetCodeAsync(TestUser user) =>
        (await cluster.Main.AdminAsync("/create_totp", new JsonObject { ["username"] = user.Username }))
            .AssertOk()["totp"]!.GetValue<string>();

    private static Task<Reply> ResetAsync(GatewayClient gateway, TestUser user, string code, string password) =>
        gateway.PostAsync("/password_reset", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = password,
            ["totp"] = code,
        });
}
