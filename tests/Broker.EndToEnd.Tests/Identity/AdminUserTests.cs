using System.Text;

namespace Broker.EndToEnd.Identity;

public sealed class AdminUserTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task ListUsers_ReturnsEveryUserOrderedByUsername_WithSecretsMasked()
    {
        var prefix = TestUser.UniqueName("list") + "-";
        string[] names = [prefix + "charlie", prefix + "Bravo", prefix + "alpha", prefix + "écho", prefix + "delta"];
        foreach (var name in names)
        {
            await Api.CreateUserAsync(new TestUser(name, "a password", "list-tenant-" + prefix));
        }

        var listed = Assert.IsType<JsonArray>((await Api.AdminAsync("/list_users", new JsonObject())).AssertOk());

        var usernames = listed.Select(user => user!["username"]!.GetValue<string>()).ToList();
        Assert.Equal(usernames.OrderBy(Utf8, ByteOrder.Instance), usernames);
        Assert.Equal(names.OrderBy(Utf8, ByteOrder.Instance), usernames.Where(name => name.StartsWith(prefix)));
        Assert.All(listed, user =>
        {
            Assert.Equal("***", user!["password"]!.GetValue<string>());
            Assert.Equal("***", user["totp"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task ListUsers_WithAWrongAdminToken_IsUnauthorized()
    {
        var response = await Api.PostAsync("/list_users", new JsonObject { ["admin_token"] = "wrong" });

        response.AssertError(HttpStatusCode.Unauthorized, "invalid admin token");
    }

    [Fact]
    public async Task GetUser_ReturnsThatUserOnly()
    {
        var user = TestUser.Unique("get");
        var created = await Api.CreateUserAsync(user, body => body["email"] = "get@example.com");

        var fetched = (await Api.AdminAsync("/get_user", new JsonObject { ["username"] = user.Username })).AssertOk();

        JsonAssert.Equal(created, fetched);
    }

    [Fact]
    public async Task GetUser_WithAUtf8ByteOrderMarkBeforeTheBody_ReturnsTheUser()
    {
        var user = TestUser.Unique("byte-order-mark");
        var created = await Api.CreateUserAsync(user);
        var body = new JsonObject { ["admin_token"] = Api.AdminToken, ["username"] = user.Username };

        var fetched = (await Api.PostWithByteOrderMarkAsync("/get_user", body.ToJsonString())).AssertOk();

        JsonAssert.Equal(created, fetched);
    }

    [Fact]
    public async Task GetUser_ForAnUnknownUser_IsNotFound()
    {
        var ghost = TestUser.UniqueName("ghost");

        var response = await Api.AdminAsync("/get_user", new JsonObject { ["username"] = ghost });

        response.AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Fact]
    public async Task UpdateUser_KeepsEveryFieldLeftOut()
    {
        var user = TestUser.Unique("update");
        var created = await Api.CreateUserAsync(user, body =>
        {
            body["email"] = "before@example.com";
            body["scopes"] = new JsonArray("events:read");
            body["data"] = JsonNode.Parse("""{"v":1}""");
            body["two_factor"] = false;
        });

        var updated = (await Api.AdminAsync("/update_user", new JsonObject
        {
            ["username"] = user.Username,
            ["data"] = JsonNode.Parse("""{"v":2,"note":"ü"}"""),
        })).AssertOk();

        var expected = JwtTokens.Copy(created);
        expected["data"] = JsonNode.Parse("""{"v":2,"note":"ü"}""");
        JsonAssert.Equal(expected, updated);
        JsonAssert.Equal(expected,
            (await Api.AdminAsync("/get_user", new JsonObject { ["username"] = user.Username })).AssertOk());
        Assert.NotEmpty(await Api.LoginAsync(user));
    }

    [Fact]
    public async Task UpdateUser_ChangesTheGivenFields()
    {
        var user = TestUser.Unique("update-all");
        var created = await Api.CreateUserAsync(user);
        var moved = user with { Tenant = TestUser.UniqueName("new-tenant"), Password = "the new password" };

        var updated = (await Api.AdminAsync("/update_user", new JsonObject
        {
            ["username"] = user.Username,
            ["tenant_name"] = moved.Tenant,
            ["password"] = moved.Password,
            ["email"] = "after@example.com",
            ["scopes"] = new JsonArray("a:b", "c:d"),
            ["two_factor"] = true,
        })).AssertOk();

        var expected = JwtTokens.Copy(created);
        expected["tenant_name"] = moved.Tenant;
        expected["email"] = "after@example.com";
        expected["scopes"] = new JsonArray("a:b", "c:d");
        expected["two_factor"] = true;
        JsonAssert.Equal(expected, updated);
        (await Api.LoginRawAsync(user.Username, user.Password))
            .AssertError(HttpStatusCode.Unauthorized, "invalid username or password");
    }

    [Fact]
    public async Task UpdateUser_WithExplicitNulls_ClearsThoseFields()
    {
        var user = TestUser.Unique("update-null");
        var created = await Api.CreateUserAsync(user, body =>
        {
            body["email"] = "null@example.com";
            body["scopes"] = new JsonArray("a:b");
            body["data"] = JsonNode.Parse("[1]");
            body["two_factor"] = false;
        });

        var updated = (await Api.AdminAsync("/update_user", new JsonObject
        {
            ["username"] = user.Username,
            ["email"] = null,
            ["scopes"] = null,
            ["data"] = null,
            ["two_factor"] = null,
        })).AssertOk();

        var expected = JwtTokens.Copy(created);
        expected["email"] = null;
        expected["scopes"] = null;
        expected["data"] = null;
        expected["two_factor"] = null;
        JsonAssert.Equal(expected, updated);
    }

    [Theory]
    [InlineData("tenant_name")]
    [InlineData("password")]
    public async Task UpdateUser_SettingARequiredFieldToNull_IsBadRequest(string field)
    {
        var user = await NewUserAsync("update-required");

        var body = new JsonObject { ["username"] = user.Username, [field] = null };

        var response = await Api.AdminAsync("/update_user", body);

        response.AssertError(HttpStatusCode.BadRequest, $"field '{field}' cannot be null; leave it out to keep it");
    }

    [Fact]
    public async Task CreateUser_WithDataOver16KiB_IsBadRequest()
    {
        var user = TestUser.Unique("big-data");

        var response = await Api.PostAsync("/create_user", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = Api.AdminToken,
            ["data"] = new string('d', 16_384),
        });

        response.AssertError(HttpStatusCode.BadRequest, "data must be at most 16384 bytes of JSON");
    }

    [Fact]
    public async Task UpdateUser_ForAnUnknownUser_IsNotFound()
    {
        var response = await Api.AdminAsync("/update_user", new JsonObject
        {
            ["username"] = TestUser.UniqueName("ghost"),
            ["email"] = "ghost@example.com",
        });

        response.AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Theory]
    [InlineData("email", "\"not-an-email\"", "email is not a valid address")]
    [InlineData("email", "\"someone@mailinator.com\"", "email addresses from disposable-mail domains are not allowed")]
    [InlineData("scopes", "[\"noscope\"]",
        "each scope must have the form resource:operation, with exactly one colon and neither side empty")]
    [InlineData("tenant_name", "\"\"", "tenant_name must not be empty")]
    [InlineData("password", "\"with\\u0000nul\"", "password must not contain a NUL character")]
    public async Task UpdateUser_WithAnInvalidField_IsBadRequest_AndChangesNothing(string field, string json,
        string error)
    {
        var user = TestUser.Unique("update-bad");
        var created = await Api.CreateUserAsync(user);
        var body = new JsonObject { ["username"] = user.Username, [field] = JsonNode.Parse(json) };

        var response = await Api.AdminAsync("/update_user", body);

        response.AssertError(HttpStatusCode.BadRequest, error);
        JsonAssert.Equal(created,
            (await Api.AdminAsync("/get_user", new JsonObject { ["username"] = user.Username })).AssertOk());
    }

    [Theory]
    [InlineData("/revoke_user")]
    [InlineData("/unrevoke_user")]
    public async Task Revocation_OfAnUnknownUser_IsNotFound(string path)
    {
        var response = await Api.AdminAsync(path, new JsonObject { ["username"] = TestUser.UniqueName("ghost") });

        response.AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Fact]
    public async Task RevokeUser_ShowsInTheUserObject()
    {
        var user = await NewUserAsync("revoke-flag");

        (await Api.AdminAsync("/revoke_user", new JsonObject { ["username"] = user.Username }))
            .AssertStatus(HttpStatusCode.OK);

        var fetched = (await Api.AdminAsync("/get_user", new JsonObject { ["username"] = user.Username })).AssertOk();
        Assert.True(fetched["revoked"]!.GetValue<bool>());
    }

    private static byte[] Utf8(string name) => Encoding.UTF8.GetBytes(name);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
