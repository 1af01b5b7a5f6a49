namespace Broker.EndToEnd.Identity;

public sealed class CreateUserTests(SharedCluster shared) : SharedClusterTest(shared)
{
    private const string ScopeRule = "each scope must have the form resource:operation";
    private const string PasswordTooLong = "password must be at most 72 bytes in UTF-8";

    [Fact]
    public async Task CreateUser_WithEveryField_ReturnsTheUserWithSecretsMasked()
    {
        var user = TestUser.Unique("full");

        var created = await Api.CreateUserAsync(user, body =>
        {
            body["email"] = "full@example.com";
            body["two_factor"] = false;
            body["scopes"] = new JsonArray("events:read", "events:write");
            body["data"] = JsonNode.Parse("""{"plan":"gold","seats":3,"tags":["a","b"]}""");
        });

        Assert.True(Guid.TryParse(created["id"]!.GetValue<string>(), out _));
        JsonAssert.Equal(new JsonObject
        {
            ["id"] = created["id"]!.GetValue<string>(),
            ["username"] = user.Username,
            ["tenant_name"] = user.Tenant,
            ["email"] = "full@example.com",
            ["scopes"] = new JsonArray("events:read", "events:write"),
            ["data"] = JsonNode.Parse("""{"plan":"gold","seats":3,"tags":["a","b"]}"""),
            ["two_factor"] = false,
            ["revoked"] = false,
            ["password"] = "***",
            ["totp"] = "***",
        }, created);
    }

    [Fact]
    public async Task CreateUser_WithOnlyRequiredFields_LeavesOptionalFieldsNull()
    {
        var user = TestUser.Unique("minimal");

        var created = await Api.CreateUserAsync(user);

        JsonAssert.Equal(new JsonObject
        {
            ["id"] = created["id"]!.GetValue<string>(),
            ["username"] = user.Username,
            ["tenant_name"] = user.Tenant,
            ["email"] = null,
            ["scopes"] = null,
            ["data"] = null,
            ["two_factor"] = null,
            ["revoked"] = false,
            ["password"] = "***",
            ["totp"] = "***",
        }, created);
    }

    [Fact]
    public async Task CreateUser_WithPunctuationAndNonAsciiInNames_KeepsThemUnchanged()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var user = new TestUser($"o'brien/#?\\\"é漢 {suffix}", "pass:word with colon", $"t/#?\\ \"ü\" {suffix}");

        var created = await Api.CreateUserAsync(user);
        var fetched = (await Api.AdminAsync("/get_user", new JsonObject { ["username"] = user.Username })).AssertOk();
        var jwt = await Api.LoginAsync(user);

        Assert.Equal(user.Username, created["username"]!.GetValue<string>());
        Assert.Equal(user.Tenant, created["tenant_name"]!.GetValue<string>());
        JsonAssert.Equal(created, fetched);
        Assert.Equal(user.Username, JwtTokens.Decode(jwt).Payload["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateUser_WithATakenUsername_IsConflict()
    {
        var user = await NewUserAsync("taken");

        var again = await Api.PostAsync("/create_user", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = "another password",
            ["tenant_name"] = TestUser.UniqueName("other-tenant"),
            ["admin_token"] = Api.AdminToken,
        });

        again.AssertError(HttpStatusCode.Conflict, "user already exists");
    }

    [Fact]
    public async Task CreateUser_WithWrongAdminToken_IsUnauthorized()
    {
        var user = TestUser.Unique("intruder");

        var response = await Api.PostAsync("/create_user", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = "letmein",
        });

        response.AssertError(HttpStatusCode.Unauthorized, "invalid admin token");
        (await Api.AdminAsync("/get_user", new JsonObject { ["username"] = user.Username }))
            .AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Theory]
    [InlineData("{", "request body is not valid JSON (line 1, byte 2)")]
    [InlineData("not json", "request body is not valid JSON (line 1, byte 2)")]
    [InlineData("", "request body is empty; expected a JSON object")]
    [InlineData("[]", "request body must be a JSON object")]
    [InlineData("""{"username": 5, "password": "b", "tenant_name": "c", "admin_token": "{{admin}}"}""",
        "field 'username' must be a string")]
    public async Task CreateUser_WithMalformedBody_IsBadRequest(string body, string error)
    {
        var response = await Api.PostRawAsync("/create_user", body.Replace("{{admin}}", Api.AdminToken));

        response.AssertError(HttpStatusCode.BadRequest, error);
    }

    [Theory]
    [InlineData("username")]
    [InlineData("password")]
    [InlineData("tenant_name")]
    public async Task CreateUser_WithoutARequiredField_IsBadRequest(string missing)
    {
        var user = TestUser.Unique("missing");
        var body = new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = Api.AdminToken,
        };
        body.Remove(missing);

        var response = await Api.PostAsync("/create_user", body);

        response.AssertError(HttpStatusCode.BadRequest, $"missing field '{missing}'");
    }

    public static TheoryData<string, string, string> BadNames => new()
    {
        { "username", "", "username must not be empty" },
        { "username", new string('u', 65), "username must be at most 64 characters" },
        { "username", "bell\u0007name", "username must not contain control characters" },
        { "username", "tab\tname", "username must not contain control characters" },
        { "username", "line\nbreak", "username must not contain control characters" },
        { "username", "del\u007Fname", "username must not contain control characters" },
        { "tenant_name", "", "tenant_name must not be empty" },
        { "tenant_name", new string('t', 65), "tenant_name must be at most 64 characters" },
        { "tenant_name", "nul\u0000tenant", "tenant_name must not contain control characters" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task CreateUser_WithABadName_IsBadRequest(string field, string name, string error)
    {
        var user = TestUser.Unique("badname");
        var body = new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = Api.AdminToken,
        };
        body[field] = name;

        var response = await Api.PostAsync("/create_user", body);

        response.AssertError(HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task CreateUser_WithNamesOf64Characters_IsAccepted()
    {
        var user = new TestUser(TestUser.UniqueName("long").PadRight(64, 'x'), "a fine password",
            TestUser.UniqueName("long-tenant").PadRight(64, 'y'));

        var created = await Api.CreateUserAsync(user);

        Assert.Equal(user.Username, created["username"]!.GetValue<string>());
        Assert.Equal(user.Tenant, created["tenant_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("read", ScopeRule + ", with exactly one colon and neither side empty")]
    [InlineData("a:b:c", ScopeRule + ", with exactly one colon and neither side empty")]
    [InlineData(":write", ScopeRule + ", with exactly one colon and neither side empty")]
    [InlineData("events:", ScopeRule + ", with exactly one colon and neither side empty")]
    [InlineData("", ScopeRule)]
    public async Task CreateUser_WithABadScope_IsBadRequest(string scope, string error)
    {
        var response = await CreateWith(body => body["scopes"] = new JsonArray("events:read", scope));

        response.AssertError(HttpStatusCode.BadRequest, error);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("@example.com")]
    public async Task CreateUser_WithAnInvalidEmail_IsBadRequest(string email)
    {
        var response = await CreateWith(body => body["email"] = email);

        response.AssertError(HttpStatusCode.BadRequest, "email is not a valid address");
    }

    [Theory]
    [InlineData("someone@mailinator.com")]
    [InlineData("someone@guerrillamail.com")]
    public async Task CreateUser_WithADisposableEmail_IsBadRequest(string email)
    {
        var response = await CreateWith(body => body["email"] = email);

        response.AssertError(HttpStatusCode.BadRequest, "email addresses from disposable-mail domains are not allowed");
    }

    [Fact]
    public async Task CreateUser_WithAPasswordOf73Bytes_IsBadRequest()
    {
        var response = await CreateWith(body => body["password"] = new string('p', 73));

        response.AssertError(HttpStatusCode.BadRequest, PasswordTooLong);
    }

    [Fact]
    public async Task CreateUser_WithAPasswordOf72BytesOfMultiByteCharacters_CanLogIn()
    {
        // 36 two-byte characters: exactly what bcrypt reads, and not one byte more.
        var user = TestUser.Unique("bytes") with { Password = new string('é', 36) };
        await Api.CreateUserAsync(user);

        var jwt = await Api.LoginAsync(user);

        Assert.NotEmpty(jwt);
        (await Api.LoginRawAsync(user.Username, new string('é', 35) + "e"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password");
    }

    [Fact]
    public async Task CreateUser_WithAPasswordOf37MultiByteCharacters_IsBadRequest()
    {
        var response = await CreateWith(body => body["password"] = new string('é', 37));

        response.AssertError(HttpStatusCode.BadRequest, PasswordTooLong);
    }

    [Fact]
    public async Task CreateUser_WithANulInThePassword_IsBadRequest()
    {
        var response = await CreateWith(body => body["password"] = "before\u0000after");

        response.AssertError(HttpStatusCode.BadRequest, "password must not contain a NUL character");
    }

    private Task<ApiResponse> CreateWith(Action<JsonObject> change)
    {
        var user = TestUser.Unique("rule");
        var body = new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = Api.AdminToken,
        };
        change(body);
        return Api.PostAsync("/create_user", body);
    }
}
