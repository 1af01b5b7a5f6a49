namespace Broker.Security.Credentials;

/// <summary>
/// Passwords are taken exactly as given: never cut at bcrypt's 72 bytes, never with a NUL, never empty, any
/// other Unicode kept byte for byte; and the optional strength check refuses guessable ones.
/// </summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class PasswordTests(SecurityCluster cluster)
{
    private const string TooLong = "password must be at most 72 bytes in UTF-8";

    public static TheoryData<string, string> Refused => new()
    {
        { new string('p', 73), TooLong },
        { new string('\u20ac', 25), TooLong },
        { string.Concat(Enumerable.Repeat("\U0001F511", 19)), TooLong },
        { "pass\u0000word", "password must not contain a NUL character" },
        { "\u0000", "password must not contain a NUL character" },
        { "", "password must not be empty" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task CreateUser_RefusesThePassword_AndCreatesNoUser(string password, string message)
    {
        var user = TestUser.Unique("pw-refused") with { Password = password };

        await SuiteReport.AttackAsync(async () => (await cluster.Main.AdminAsync("/create_user", Body(user)))
            .AssertError(HttpStatusCode.BadRequest, message));

        (await cluster.Main.AdminAsync("/get_user", new JsonObject { ["username"] = user.Username }))
            .AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task UpdateAndReset_RefuseThePassword_AndKeepTheOldOne(string password, string message)
    {
        var user = TestUser.Unique("pw-kept");
        await cluster.Main.CreateUserAsync(user);
        var code = (await cluster.Main.AdminAsync("/create_totp", new JsonObject { ["username"] = user.Username }))
            .AssertOk()["totp"]!.GetValue<string>();

        await SuiteReport.AttackAsync(async () => (await cluster.Main.AdminAsync("/update_user",
                new JsonObject { ["username"] = user.Username, ["password"] = password }))
            .AssertError(HttpStatusCode.BadRequest, message));
        await SuiteReport.AttackAsync(async () => (await cluster.Main.PostAsync("/password_reset",
                new JsonObject { ["username"] = user.Username, ["password"] = password, ["totp"] = code }))
            .AssertError(HttpStatusCode.BadRequest, message));

        await cluster.Main.LoginAsync(user);
    }

    [Fact]
    public async Task SeventyTwoBytes_AreAccepted_AndEveryByteCounts()
    {
        var password = "ab" + new string('\u20ac', 23) + "z";
        Assert.Equal(72, Encoding.UTF8.GetByteCount(password));
        var user = TestUser.Unique("pw-72") with { Password = password };
        await cluster.Main.CreateUserAsync(user);

        await cluster.Main.LoginAsync(user);
        await SuiteReport.AttackAsync(async () =>
            (await cluster.Main.LoginRawAsync(user.Username, password[..^1] + "y"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password"));
        await SuiteReport.AttackAsync(async () => (await cluster.Main.LoginRawAsync(user.Username, password + "more"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password"));
    }

    [Fact]
    public async Task NonAsciiPasswords_RoundTripExactly_ThroughLoginAndBasic()
    {
        var user = TestUser.Unique("pw-unicode") with
        {
            Password = "p\u00e4ssw\u00f6rd \u5bc6\u7801 \U0001F511 \u00e9",
        };
        await cluster.Main.CreateUserAsync(user);

        await cluster.Main.LoginAsync(user);
        (await cluster.Second.GetAsync("/verify", user.Basic)).AssertOk();

        // The same text in another normal form (a + combining diaeresis) is another password.
        var decomposed = user.Password.Replace("\u00e4", "a\u0308", StringComparison.Ordinal);
        Assert.NotEqual(user.Password, decomposed);
        await SuiteReport.AttackAsync(async () => (await cluster.Main.LoginRawAsync(user.Username, decomposed))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password"));
    }

    [Fact]
    public async Task TheStrengthCheck_RefusesGuessablePasswords_WithoutRepeatingThem()
    {
        var strong = TestUser.Unique("pw-strong") with { Password = "violet anchor " + TestUser.RandomText()[..8] };
        (await cluster.Strict.AdminAsync("/create_user", Body(strong))).AssertOk();
        var code = (await cluster.Strict.AdminAsync("/create_totp", new JsonObject { ["username"] = strong.Username }))
            .AssertOk()["totp"]!.GetValue<string>();

        // Each guessable for the user it is set for; the last one is that user's own name.
        var guessable = new Func<string, string>[]
        {
            _ => "password1", _ => "12345678", _ => "qwertyuiop", _ => "letmein1", username => username,
        };
        foreach (var weakFor in guessable)
        {
            await SuiteReport.AttackAsync(async () =>
            {
                var newcomer = TestUser.Unique("pw-weak");
                var created = await cluster.Strict.AdminAsync("/create_user",
                    Body(newcomer with { Password = weakFor(newcomer.Username) }));
                var weak = weakFor(strong.Username);
                var updated = await cluster.Strict.AdminAsync("/update_user",
                    new JsonObject { ["username"] = strong.Username, ["password"] = weak });
                var reset = await cluster.Strict.PostAsync("/password_reset",
                    new JsonObject { ["username"] = strong.Username, ["password"] = weak, ["totp"] = code });
                foreach (var reply in new[] { created, updated, reset })
                {
                    reply.AssertStatus(HttpStatusCode.BadRequest);
                    var message = reply.ErrorMessage();
                    Assert.StartsWith("password is too weak (strength ", message, StringComparison.Ordinal);
                    Assert.DoesNotContain(weak, message, StringComparison.OrdinalIgnoreCase);
                }
            });
        }

        await cluster.Strict.LoginAsync(strong);
        (await cluster.Strict.PostAsync("/password_reset", new JsonObject
        {
            ["username"] = strong.Username,
            ["password"] = "granite meadow " + TestUser.RandomText()[..8],
            ["totp"] = code,
        })).AssertOk();
    }

    private static JsonObject Body(TestUser user) => new()
    {
        ["username"] = user.Username,
        ["password"] = user.Password,
        ["tenant_name"] = user.Tenant,
    };
}
