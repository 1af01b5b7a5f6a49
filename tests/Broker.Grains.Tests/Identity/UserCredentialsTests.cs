namespace Broker.Identity;

[Collection(GrainsCollection.Name)]
public sealed class UserCredentialsTests(GrainsFixture fixture)
{
    private static readonly Failure WrongPassword = new(FailureKind.Unauthorized, "invalid username or password");
    private static readonly Failure WrongCode = new(FailureKind.Unauthorized, "invalid TOTP code");
    private static readonly Failure WrongResetCode = new(FailureKind.Unauthorized, "invalid or expired reset code");

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private async Task<IUserGrain> CreateAsync(bool twoFactor = false, string tenant = "t")
    {
        var user = fixture.Client.GetGrain<IUserGrain>(Unique.Name("cred"));
        Assert.True((await user.Create(Users.New(tenant, twoFactor))).Succeeded);
        return user;
    }

    [Fact]
    public async Task Login_WithTheRightPassword_ReturnsTheTicket()
    {
        var user = await CreateAsync();

        var ticket = (await user.Login(Users.Password, null)).Value!;

        Assert.Equal(await user.GetTicket(), ticket, TicketComparer.Instance);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_IsUnauthorized()
    {
        var user = await CreateAsync();

        Assert.Equal(WrongPassword, (await user.Login("wrong", null)).Failure);
        Assert.Equal(WrongPassword, (await user.Login(Users.Password + "x", null)).Failure);
    }

    [Fact]
    public async Task Login_OfARevokedUser_IsUnauthorized()
    {
        var user = await CreateAsync();
        await user.SetRevoked(true);

        var revoked = new Failure(FailureKind.Unauthorized, "user is revoked");
        Assert.Equal(revoked, (await user.Login(Users.Password, null)).Failure);
        Assert.Equal(revoked, (await user.CheckPassword(Users.Password)).Failure);
    }

    [Fact]
    public async Task CheckPassword_ChecksThePassword()
    {
        var user = await CreateAsync();

        Assert.True((await user.CheckPassword(Users.Password)).Succeeded);
        Assert.Equal(WrongPassword, (await user.CheckPassword("nope")).Failure);
    }

    [Fact]
    public async Task CheckPassword_OfATwoFactorUser_IsRefused_EvenWithTheRightPassword()
    {
        var user = await CreateAsync(twoFactor: true);

        var outcome = await user.CheckPassword(Users.Password);

        Assert.Equal(new Failure(FailureKind.Unauthorized,
            "two-factor users cannot use Basic authentication; log in with a TOTP code"), outcome.Failure);
    }

    [Fact]
    public async Task Login_OfATwoFactorUser_WithoutACode_AsksForOne()
    {
        var user = await CreateAsync(twoFactor: true);

        Assert.Equal(new Failure(FailureKind.Unauthorized, "a TOTP code is required"),
            (await user.Login(Users.Password, null)).Failure);
        Assert.Equal(new Failure(FailureKind.Unauthorized, "a TOTP code is required"),
            (await user.Login(Users.Password, "")).Failure);
    }

    [Fact]
    public async Task Login_WithTheCurrentTotp_Succeeds()
    {
        var user = await CreateAsync(twoFactor: true);
        var secret = await Users.SecretAsync(user);

        var outcome = await user.Login(Users.Password, Users.Code(secret, Now));

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.Value!.TwoFactor);
    }

    [Fact]
    public async Task Login_WithReplayedTotp_IsRejected()
    {
        var user = await CreateAsync(twoFactor: true);
        var code = Users.Code(await Users.SecretAsync(user), Now);

        Assert.True((await user.Login(Users.Password, code)).Succeeded);
        Assert.Equal(WrongCode, (await user.Login(Users.Password, code)).Failure);
    }

    [Fact]
    public async Task Login_WithTheNextStepsCode_IsAccepted_AndThenNoEarlierStep()
    {
        var user = await CreateAsync(twoFactor: true);
        var secret = await Users.SecretAsync(user);

        Assert.True((await user.Login(Users.Password, Users.Code(secret, Now.AddSeconds(30)))).Succeeded);
        Assert.Equal(WrongCode, (await user.Login(Users.Password, Users.Code(secret, Now))).Failure);

        fixture.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.True((await user.Login(Users.Password, Users.Code(secret, Now))).Succeeded);
    }

    [Fact]
    public async Task Login_WithThePreviousStepsCode_IsAccepted_ButNotTwoStepsBack()
    {
        var user = await CreateAsync(twoFactor: true);
        var secret = await Users.SecretAsync(user);

        Assert.Equal(WrongCode, (await user.Login(Users.Password, Users.Code(secret, Now.AddSeconds(-60)))).Failure);
        Assert.True((await user.Login(Users.Password, Users.Code(secret, Now.AddSeconds(-30)))).Succeeded);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("abcdef")]
    [InlineData("1234567")]
    public async Task Login_WithAMalformedCode_IsRejected(string code)
    {
        var user = await CreateAsync(twoFactor: true);

        Assert.Equal(WrongCode, (await user.Login(Users.Password, code)).Failure);
    }

    [Fact]
    public async Task GetTotpUri_NamesIssuerUserAndA160BitSecret()
    {
        var user = await CreateAsync();
        var username = user.GetPrimaryKeyString();

        var uri = (await user.GetTotpUri("My Co")).Value!;

        var label = $"My%20Co:{Uri.EscapeDataString(username)}";
        Assert.StartsWith($"otpauth://totp/{label}?secret=", uri, StringComparison.Ordinal);
        Assert.EndsWith("&issuer=My%20Co", uri, StringComparison.Ordinal);
        Assert.Equal(20, (await Users.SecretAsync(user)).Length);
    }

    [Fact]
    public async Task ResetCode_SetsANewPassword_OnceOnly()
    {
        var user = await CreateAsync();
        var stamp = (await user.GetTicket())!.Stamp;

        var code = (await user.CreateResetCode(TimeSpan.FromMinutes(5))).Value!;
        var reset = await user.ResetPassword(code, "brand new password");
        var again = await user.ResetPassword(code, "another new password");

        Assert.Matches("^[0-9]{6}$", code);
        Assert.True(reset.Succeeded);
        Assert.Equal(WrongResetCode, again.Failure);
        Assert.True((await user.Login("brand new password", null)).Succeeded);
        Assert.Equal(WrongPassword, (await user.Login(Users.Password, null)).Failure);
        Assert.NotEqual(stamp, (await user.GetTicket())!.Stamp);
    }

    [Fact]
    public async Task ResetCode_Expires()
    {
        var user = await CreateAsync();
        var code = (await user.CreateResetCode(TimeSpan.FromSeconds(300))).Value!;

        fixture.Clock.Advance(TimeSpan.FromSeconds(300));

        Assert.Equal(WrongResetCode, (await user.ResetPassword(code, "too late")).Failure);
        Assert.True((await user.Login(Users.Password, null)).Succeeded);
    }

    [Fact]
    public async Task ResetCode_IsRefusedAtLogin_AndALoginCodeIsRefusedForReset()
    {
        var user = await CreateAsync(twoFactor: true);
        var secret = await Users.SecretAsync(user);
        var resetCode = (await user.CreateResetCode(TimeSpan.FromMinutes(5))).Value!;

        Assert.Equal(WrongCode, (await user.Login(Users.Password, resetCode)).Failure);
        Assert.Equal(WrongResetCode, (await user.ResetPassword(Users.Code(secret, Now), "new password")).Failure);
        Assert.True((await user.ResetPassword(resetCode, "new password")).Succeeded);
    }

    [Fact]
    public async Task ResetPassword_WithAnInvalidNewPassword_IsRefused_AndKeepsTheCode()
    {
        var user = await CreateAsync();
        var code = (await user.CreateResetCode(TimeSpan.FromMinutes(5))).Value!;

        var refused = await user.ResetPassword(code, new string('p', 73));

        var tooLong = new Failure(FailureKind.InvalidInput, "password must be at most 72 bytes in UTF-8");
        Assert.Equal(tooLong, refused.Failure);
        Assert.True((await user.ResetPassword(code, "good new password")).Succeeded);
    }

    [Fact]
    public async Task Failures_LockTheUserOut_AtTheFifth_ForGrowingTimes()
    {
        var user = await CreateAsync();

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(WrongPassword, (await user.Login("wrong", null)).Failure);
        }

        // The failure that starts a lockout already answers with it.
        Assert.Equal(TooMany(1), (await user.Login("wrong", null)).Failure);
        Assert.Equal(TooMany(1), (await user.Login(Users.Password, null)).Failure);
        Assert.Equal(TooMany(1), (await user.CheckPassword(Users.Password)).Failure);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TooMany(2), (await user.Login("wrong", null)).Failure);
        Assert.Equal(TooMany(2), (await user.Login(Users.Password, null)).Failure);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TooMany(4), (await user.CheckPassword("wrong")).Failure);
        Assert.Equal(TooMany(4), (await user.Login(Users.Password, null)).Failure);

        fixture.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True((await user.Login(Users.Password, null)).Succeeded);
        Assert.Equal(WrongPassword, (await user.Login("wrong", null)).Failure);
        Assert.True((await user.Login(Users.Password, null)).Succeeded);
    }

    [Fact]
    public async Task Failures_OfCodes_CountTowardsTheLockout_AndSurviveANewActivation()
    {
        var user = await CreateAsync(twoFactor: true);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(WrongCode, (await user.Login(Users.Password, "000000")).Failure);
        }

        Assert.Equal(WrongResetCode, (await user.ResetPassword("000000", "new password")).Failure);
        await fixture.Cluster.DeactivateAsync(user);
        Assert.Equal(TooMany(1), (await user.Login("wrong", null)).Failure);

        Assert.Equal(TooMany(1), (await user.ResetPassword("000000", "new password")).Failure);
    }

    [Fact]
    public async Task Lockout_IsCappedAtFifteenMinutes()
    {
        var user = await CreateAsync();

        for (var i = 0; i < 20; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(15));
            var expected = i < 4 ? WrongPassword : TooMany((int)Math.Min(1L << (i - 4), 900));
            Assert.Equal(expected, (await user.Login("wrong", null)).Failure);
        }

        Assert.Equal(TooMany(900), (await user.Login(Users.Password, null)).Failure);
    }

    private static Failure TooMany(int seconds) =>
        new(FailureKind.TooManyAttempts, "too many failed attempts; try again later", seconds);

    private sealed class TicketComparer : IEqualityComparer<UserTicket?>
    {
        public static readonly TicketComparer Instance = new();

        public bool Equals(UserTicket? x, UserTicket? y) =>
            x is not null && y is not null && x with { Scopes = [] } == y with { Scopes = [] }
            && x.Scopes.SequenceEqual(y.Scopes);

        public int GetHashCode(UserTicket? obj) => obj?.Username.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
