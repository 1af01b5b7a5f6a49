using Broker.Events;
using Broker.Testing;

namespace Broker.Identity;

[Collection(GrainsCollection.Name)]
public sealed class UserGrainTests(GrainsFixture fixture)
{
    private IUserGrain User(string username) => fixture.Client.GetGrain<IUserGrain>(username);

    [Fact]
    public async Task Create_ThenGet_ShowsTheUserWithoutSecrets()
    {
        var username = Unique.Name("ann");
        var user = User(username);

        var created = (await user.Create(Users.New("acme", twoFactor: true))).Value!;
        var read = (await user.Get()).Value!;

        Assert.NotEqual(Guid.Empty, created.Id);
        Assert.Equal(username, created.Username);
        Assert.Equal("acme", created.TenantName);
        Assert.Equal("someone@example.com", created.Email);
        Assert.Equal(["events:read", "events:write"], created.Scopes);
        Assert.Equal("{\"plan\":\"free\"}", created.DataJson);
        Assert.True(created.TwoFactor);
        Assert.False(created.Revoked);
        Assert.Equivalent(created, read, strict: true);
    }

    [Fact]
    public async Task Create_WithOptionalFieldsLeftOut_StoresNulls()
    {
        var user = User(Unique.Name("min"));

        var created = (await user.Create(new NewUser("pw", "t", null, null, null, null))).Value!;

        Assert.Null(created.Email);
        Assert.Null(created.Scopes);
        Assert.Null(created.DataJson);
        Assert.Null(created.TwoFactor);
    }

    [Fact]
    public async Task Create_OfAnExistingUser_IsAConflict()
    {
        var user = User(Unique.Name("dup"));
        await user.Create(Users.New("one"));

        var outcome = await user.Create(Users.New("two"));

        Assert.Equal(new Failure(FailureKind.Conflict, "user already exists"), outcome.Failure);
        Assert.Equal("one", (await user.Get()).Value!.TenantName);
    }

    [Fact]
    public async Task OperationsOnAMissingUser_AreNotFound()
    {
        var user = User(Unique.Name("ghost"));
        var notFound = new Failure(FailureKind.NotFound, "user not found");

        Assert.Equal(notFound, (await user.Get()).Failure);
        Assert.Equal(notFound, (await user.Update(Users.Changes())).Failure);
        Assert.Equal(notFound, (await user.SetRevoked(true)).Failure);
        Assert.Equal(notFound, (await user.Login("pw", null)).Failure);
        Assert.Equal(notFound, (await user.CheckPassword("pw")).Failure);
        Assert.Equal(notFound, (await user.GetTotpUri("Broker")).Failure);
        Assert.Equal(notFound, (await user.CreateResetCode(TimeSpan.FromMinutes(5))).Failure);
        Assert.Equal(notFound, (await user.ResetPassword("123456", "pw")).Failure);
        Assert.Null(await user.GetTicket());
    }

    [Theory]
    [InlineData("bad\nname", "t", "username must not contain control characters")]
    [InlineData("ok", "", "tenant_name must not be empty")]
    [InlineData("ok", "tab\tbed", "tenant_name must not contain control characters")]
    public async Task Create_WithAnInvalidName_IsRefused(string username, string tenant, string message)
    {
        var name = username == "ok" ? Unique.Name("ok") : username;

        var outcome = await User(name).Create(Users.New(tenant));

        Assert.Equal(new Failure(FailureKind.InvalidInput, message), outcome.Failure);
    }

    [Fact]
    public async Task Create_WithAUsernameOver64Characters_IsRefused()
    {
        var outcome = await User(new string('u', 65)).Create(Users.New("t"));

        Assert.Equal(new Failure(FailureKind.InvalidInput, "username must be at most 64 characters"), outcome.Failure);
    }

    [Theory]
    [InlineData("not-an-address", "email is not a valid address")]
    [InlineData("bob@localhost", "email is not a valid address")]
    [InlineData("Bob <bob@example.com>", "email is not a valid address")]
    [InlineData("bob @example.com", "email is not a valid address")]
    [InlineData("", "email is not a valid address")]
    [InlineData("bob@mailinator.com", "email addresses from disposable-mail domains are not allowed")]
    [InlineData("bob@inbox.YOPMAIL.com", "email addresses from disposable-mail domains are not allowed")]
    public async Task Create_WithABadEmail_IsRefused(string email, string message)
    {
        var outcome = await User(Unique.Name("mail")).Create(Users.New("t") with { Email = email });

        Assert.Equal(new Failure(FailureKind.InvalidInput, message), outcome.Failure);
    }

    [Theory]
    [InlineData("o'brien+tag@mail.example.org")]
    [InlineData("x@example.co.uk")]
    public async Task Create_WithAGoodEmail_KeepsIt(string email)
    {
        var outcome = await User(Unique.Name("mail")).Create(Users.New("t") with { Email = email });

        Assert.Equal(email, outcome.Value!.Email);
    }

    [Theory]
    [InlineData("read")]
    [InlineData("a:b:c")]
    [InlineData(":read")]
    [InlineData("events:")]
    public async Task Create_WithAMalformedScope_IsRefused(string scope)
    {
        var outcome = await User(Unique.Name("scope")).Create(Users.New("t") with { Scopes = ["ok:fine", scope] });

        Assert.Equal(FailureKind.InvalidInput, outcome.Failure!.Kind);
        Assert.StartsWith(
            "each scope must have the form resource:operation", outcome.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithTooManyScopesOrTooMuchData_IsRefused()
    {
        var scopes = Enumerable.Range(0, 101).Select(i => $"r{i}:op").ToList();
        var data = "\"" + new string('d', 16 * 1024) + "\"";

        var tooManyScopes = await User(Unique.Name("many")).Create(Users.New("t") with { Scopes = scopes });
        var tooMuchData = await User(Unique.Name("data")).Create(Users.New("t") with { DataJson = data });

        Assert.Equal(new Failure(FailureKind.InvalidInput, "at most 100 scopes are allowed"), tooManyScopes.Failure);
        Assert.Equal(
            new Failure(FailureKind.InvalidInput, "data must be at most 16384 bytes of JSON"), tooMuchData.Failure);
    }

    [Theory]
    [InlineData("", "password must not be empty")]
    [InlineData("nul\0inside", "password must not contain a NUL character")]
    public async Task Create_WithAForbiddenPassword_IsRefused(string password, string message)
    {
        var outcome = await User(Unique.Name("pw")).Create(Users.New("t") with { Password = password });

        Assert.Equal(new Failure(FailureKind.InvalidInput, message), outcome.Failure);
    }

    [Fact]
    public async Task Create_WithAPasswordOver72Bytes_IsRefused_NeverCut()
    {
        var ascii = await User(Unique.Name("pw")).Create(Users.New("t") with { Password = new string('a', 73) });
        var accented = await User(Unique.Name("pw")).Create(Users.New("t") with { Password = new string('é', 37) });

        var expected = new Failure(FailureKind.InvalidInput, "password must be at most 72 bytes in UTF-8");
        Assert.Equal(expected, ascii.Failure);
        Assert.Equal(expected, accented.Failure);
    }

    [Fact]
    public async Task Create_WithA72BytePassword_OfNonAsciiText_LogsIn()
    {
        var password = new string('é', 36);
        var user = User(Unique.Name("utf8"));

        await user.Create(Users.New("t") with { Password = password });

        Assert.True((await user.Login(password, null)).Succeeded);
        Assert.Equal(FailureKind.Unauthorized, (await user.Login(new string('é', 35), null)).Failure!.Kind);
    }

    [Fact]
    public async Task Update_KeepsTheFieldsLeftOut()
    {
        var user = User(Unique.Name("keep"));
        var created = (await user.Create(Users.New("t", twoFactor: false))).Value!;

        var updated = (await user.Update(Users.Changes(email: Change<string>.To("new@example.com")))).Value!;

        Assert.Equivalent(created with { Email = "new@example.com" }, updated, strict: true);
    }

    [Fact]
    public async Task Update_WithExplicitNulls_ClearsEmailScopesDataAndTwoFactor()
    {
        var user = User(Unique.Name("clear"));
        await user.Create(Users.New("t", twoFactor: true));

        var updated = (await user.Update(Users.Changes(
            email: Change<string>.To(null),
            scopes: Change<IReadOnlyList<string>>.To(null),
            data: Change<string>.To(null),
            twoFactor: Change<bool?>.To(null)))).Value!;

        Assert.Null(updated.Email);
        Assert.Null(updated.Scopes);
        Assert.Null(updated.DataJson);
        Assert.Null(updated.TwoFactor);
        Assert.Equivalent(updated, (await user.Get()).Value, strict: true);
    }

    [Fact]
    public async Task Update_WithNullTenantOrPassword_IsRefused()
    {
        var user = User(Unique.Name("nulls"));
        await user.Create(Users.New("t"));

        var tenant = await user.Update(Users.Changes(tenant: Change<string>.To(null)));
        var password = await user.Update(Users.Changes(password: Change<string>.To(null)));

        Assert.Equal(new Failure(FailureKind.InvalidInput, "tenant_name cannot be null"), tenant.Failure);
        Assert.Equal(new Failure(FailureKind.InvalidInput, "password cannot be null"), password.Failure);
    }

    [Fact]
    public async Task Update_OfThePassword_ReplacesIt()
    {
        var user = User(Unique.Name("newpw"));
        await user.Create(Users.New("t"));

        await user.Update(Users.Changes(password: Change<string>.To("another secret")));

        Assert.True((await user.Login("another secret", null)).Succeeded);
        Assert.Equal(FailureKind.Unauthorized, (await user.Login(Users.Password, null)).Failure!.Kind);
    }

    [Fact]
    public async Task Ticket_FollowsTheUser_AndItsStampChangesWithCredentials()
    {
        var username = Unique.Name("stamp");
        var user = User(username);
        await user.Create(Users.New("t1"));
        var first = (await user.GetTicket())!;

        await user.Update(Users.Changes(email: Change<string>.To("other@example.com")));
        var afterEmail = (await user.GetTicket())!;
        await user.SetRevoked(true);
        var afterRevoke = (await user.GetTicket())!;
        await user.SetRevoked(false);
        var afterUnrevoke = (await user.GetTicket())!;
        await user.Update(Users.Changes(password: Change<string>.To("fresh password")));
        var afterPassword = (await user.GetTicket())!;
        await user.Update(Users.Changes(tenant: Change<string>.To("t2")));
        var afterMove = (await user.GetTicket())!;

        Assert.Equal(username, first.Username);
        Assert.Equal("t1", first.TenantName);
        Assert.False(first.Revoked);
        Assert.False(first.TwoFactor);
        Assert.Equal(["events:read", "events:write"], first.Scopes);
        Assert.Equal(first.Stamp, afterEmail.Stamp);
        Assert.True(afterRevoke.Revoked);
        string[] stamps = [first.Stamp, afterRevoke.Stamp, afterUnrevoke.Stamp, afterPassword.Stamp, afterMove.Stamp];
        Assert.Equal(stamps.Length, stamps.Distinct().Count());
        Assert.Equal("t2", afterMove.TenantName);
        Assert.False(afterMove.Revoked);
    }

    [Fact]
    public async Task CredentialChanges_SignTheUserOut_OfTheirTenant()
    {
        var username = Unique.Name("out");
        var tenant = Unique.Name("from");
        var user = User(username);
        await user.Create(Users.New(tenant));
        var recorder = await StreamRecorder.SubscribeAsync(fixture.Client, tenant);

        await user.SetRevoked(true);
        await user.SetRevoked(false);
        await user.Update(Users.Changes(password: Change<string>.To("changed password")));
        await user.Update(Users.Changes(tenant: Change<string>.To(Unique.Name("to"))));

        await Eventually.True(() => Task.FromResult(recorder.Messages.Count >= 4), "four sign-out messages");
        Assert.All(recorder.Messages, message => Assert.Equal(new UserSignedOut(username), message));
    }

    [Fact]
    public async Task GetTicket_SurvivesANewActivation()
    {
        var username = Unique.Name("reload");
        var user = User(username);
        await user.Create(Users.New("t"));
        var before = (await user.GetTicket())!;

        await fixture.Cluster.DeactivateAsync(user);
        var after = (await user.GetTicket())!;

        Assert.Equal(before.Stamp, after.Stamp);
        Assert.Equal(before.TenantName, after.TenantName);
    }
}
