namespace Broker.Security.Credentials;

/// <summary>
/// HTTP Basic as RFC 7617 has it: the scheme name in any case, the password everything after the first colon,
/// anything malformed a 401 that says what is expected.
/// </summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class BasicAuthTests(SecurityCluster cluster)
{
    private const string Malformed = "malformed Basic credentials: expected base64(username:password)";
    private const string Wrong = "invalid username or password";

    [Theory]
    [InlineData("Basic")]
    [InlineData("basic")]
    [InlineData("BASIC")]
    [InlineData("bAsIc")]
    public async Task TheSchemeName_IsCaseInsensitive(string scheme)
    {
        var user = TestUser.Unique("basic-case");
        await cluster.Main.CreateUserAsync(user);

        var reply = await Send(scheme + " " + Encode($"{user.Username}:{user.Password}"));

        Assert.Equal(user.Username, reply.AssertOk()["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task APasswordWithColons_IsEverythingAfterTheFirstColon()
    {
        var user = TestUser.Unique("basic-colon") with { Password = ":a:b::c:" };
        await cluster.Main.CreateUserAsync(user);

        (await cluster.Main.GetAsync("/verify", user.Basic)).AssertOk();
        await SuiteReport.AttackAsync(async () => (await Send("Basic " + Encode($"{user.Username}:a:b::c:")))
            .AssertError(HttpStatusCode.Unauthorized, Wrong));
        await SuiteReport.AttackAsync(async () => (await Send("Basic " + Encode($"{user.Username}::a:b::c")))
            .AssertError(HttpStatusCode.Unauthorized, Wrong));
    }

    [Fact]
    public async Task AUsernameWithAColon_CannotUseBasic_ButCanLogIn()
    {
        // RFC 7617 gives a username with a colon no Basic form: it is read as username and password.
        var user = TestUser.Unique("basic:colon");
        await cluster.Main.CreateUserAsync(user);

        await SuiteReport.AttackAsync(async () => (await cluster.Main.GetAsync("/verify", user.Basic))
            .AssertError(HttpStatusCode.Unauthorized, Wrong));
        (await cluster.Main.GetAsync("/verify", await cluster.Main.BearerAsync(user))).AssertOk();
    }

    [Fact]
    public async Task MalformedHeaders_AreRefused_SayingWhatIsExpected()
    {
        var user = TestUser.Unique("basic-malformed");
        await cluster.Main.CreateUserAsync(user);
        var good = Encode($"{user.Username}:{user.Password}");
        string[] headers =
        [
            "Basic", "Basic ", "Basic !!!!", "Basic " + good + "=", "Basic " + good[..^1], "Basic " + good + " x",
            "Basic " + Encode(user.Username), "Basic " + Encode(":" + user.Password),
            "Basic " + Convert.ToBase64String([.. Encoding.UTF8.GetBytes(user.Username + ":"), 0xC3, 0x28]),
            "Basic\t" + good,
        ];

        foreach (var header in headers)
        {
            await SuiteReport.AttackAsync(async () =>
            {
                var reply = await Send(header);
                Assert.True(reply.Status == HttpStatusCode.Unauthorized, $"{header}: {reply.Status} {reply.Body}");
                var message = reply.AssertRefused();
                Assert.True(message is Malformed or Wrong or
                    "unsupported authorization scheme: use Bearer or Basic", $"{header}: {message}");
            });
        }

        (await Send("Basic " + good)).AssertOk();
    }

    [Fact]
    public async Task WrongPasswords_UnknownUsers_AndStaleCredentials_AreRefused()
    {
        var user = TestUser.Unique("basic-stale");
        var twoFactor = TestUser.Unique("basic-2fa");
        await cluster.Main.CreateUserAsync(user);
        await cluster.Main.CreateUserAsync(twoFactor, body => body["two_factor"] = true);
        (await cluster.Main.GetAsync("/verify", user.Basic)).AssertOk();

        await SuiteReport.AttackAsync(async () => (await cluster.Main.GetAsync("/verify",
            AuthHeaders.Basic(user.Username, user.Password + "x"))).AssertError(HttpStatusCode.Unauthorized, Wrong));
        await SuiteReport.AttackAsync(async () => (await cluster.Main.GetAsync("/verify",
            AuthHeaders.Basic(TestUser.UniqueName("nobody"), "pw"))).AssertError(HttpStatusCode.Unauthorized, Wrong));
        await SuiteReport.AttackAsync(async () => (await cluster.Main.GetAsync("/verify", twoFactor.Basic))
            .AssertError(HttpStatusCode.Unauthorized,
                "two-factor users cannot use Basic authentication; log in with a TOTP code"));

        // Verified credentials are remembered, but never past a password change or a revocation.
        var changed = user with { Password = "changed " + TestUser.RandomText() };
        (await cluster.Second.AdminAsync("/update_user",
            new JsonObject { ["username"] = user.Username, ["password"] = changed.Password })).AssertOk();
        await SuiteReport.AttackAsync(async () => (await cluster.Main.GetAsync("/verify", user.Basic))
            .AssertError(HttpStatusCode.Unauthorized, Wrong));
        (await cluster.Main.GetAsync("/verify", changed.Basic)).AssertOk();
        (await cluster.Second.AdminAsync("/revoke_user", new JsonObject { ["username"] = user.Username })).AssertOk();
        await SuiteReport.AttackAsync(async () => (await cluster.Main.GetAsync("/verify", changed.Basic))
            .AssertError(HttpStatusCode.Unauthorized, "user is revoked"));
    }

    private Task<Reply> Send(string header)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/verify");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        return cluster.Main.SendAsync(request);
    }

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
