using System.Text;
using Broker.Gateway.Events;
using Broker.Gateway.Identity;
using Broker.Gateway.Json;
using Broker.Identity;

namespace Broker.Gateway.Tests.Json;

public sealed class RequestBodyTests
{
    private static JsonFields Fields(string json) => JsonFields.Parse(Encoding.UTF8.GetBytes(json));

    private static string Refusal(Action read) => Assert.Throws<RequestException>(read).Message;

    [Theory]
    [InlineData("", "request body is empty; expected a JSON object")]
    [InlineData("   ", "request body is empty; expected a JSON object")]
    [InlineData("[1]", "request body must be a JSON object")]
    [InlineData("\"text\"", "request body must be a JSON object")]
    [InlineData("{\"a\":", "request body is not valid JSON (line 1, byte 6)")]
    [InlineData("{\"a\":1}{}", "request body is not valid JSON (line 1, byte 8)")]
    [InlineData("{\"a\":1,\n\"b\":}", "request body is not valid JSON (line 2, byte 5)")]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate field 'a'")]
    public void Parse_RefusesBodiesThatAreNotOneObjectWithUniqueFields(string json, string expected) =>
        Assert.Equal(expected, Refusal(() => Fields(json)));

    [Fact]
    public void Parse_RefusesInvalidUtf8()
    {
        var body = new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D };

        Assert.Equal("request body is not valid UTF-8", Refusal(() => JsonFields.Parse(body)));
    }

    [Fact]
    public void Parse_RefusesFieldsNestedDeeperThan64Levels()
    {
        var json = "{\"x\":" + new string('[', 65) + new string(']', 65) + "}";

        Assert.Equal("a field of the request body nests deeper than 64 levels", Refusal(() => Fields(json)));
    }

    [Fact]
    public void Parse_SkipsAUtf8ByteOrderMark()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"username\":\"bob\",\"password\":\"pw\"}"u8];

        Assert.Equal(new LoginRequest("bob", "pw", null), LoginRequest.Read(JsonFields.Parse(body)));
    }

    [Fact]
    public void Parse_RefusesAByteOrderMarkAlone_AsAnEmptyBody()
    {
        Assert.Equal("request body is empty; expected a JSON object",
            Refusal(() => JsonFields.Parse(new byte[] { 0xEF, 0xBB, 0xBF })));
    }

    [Fact]
    public void Parse_IgnoresUnknownFields()
    {
        var request = LoginRequest.Read(Fields("{\"username\":\"bob\",\"extra\":{\"deep\":[1]},\"password\":\"pw\"}"));

        Assert.Equal(new LoginRequest("bob", "pw", null), request);
    }

    [Theory]
    [InlineData("{\"password\":\"pw\"}", "missing field 'username'")]
    [InlineData("{\"username\":1,\"password\":\"pw\"}", "field 'username' must be a string")]
    [InlineData("{\"username\":null,\"password\":\"pw\"}", "field 'username' must be a string")]
    [InlineData("{\"username\":\"bob\",\"password\":[\"pw\"]}", "field 'password' must be a string")]
    [InlineData("{\"username\":\"bob\",\"password\":\"pw\",\"totp\":123456}", "field 'totp' must be a string")]
    [InlineData("{\"username\":\"\",\"password\":\"pw\"}", "username must not be empty")]
    [InlineData("{\"username\":\"a\\u0007b\",\"password\":\"pw\"}", "username must not contain control characters")]
    [InlineData("{\"username\":\"\\ud800\",\"password\":\"pw\"}", "field 'username' is not valid Unicode text")]
    public void Login_RefusesMissingOrMistypedFields(string json, string expected) =>
        Assert.Equal(expected, Refusal(() => LoginRequest.Read(Fields(json))));

    [Fact]
    public void CreateUser_ReadsEveryField()
    {
        var request = CreateUserRequest.Read(Fields("""
            {"username":"bob","password":"pw","admin_token":"t","tenant_name":"acme","email":"b@example.com",
             "two_factor":true,"scopes":["a:b","c:d"],"data":{ "k" : "é" }}
            """));

        Assert.Equal("bob", request.Username);
        Assert.Equal("pw", request.User.Password);
        Assert.Equal("acme", request.User.TenantName);
        Assert.Equal("b@example.com", request.User.Email);
        Assert.True(request.User.TwoFactor);
        Assert.Equal(["a:b", "c:d"], request.User.Scopes!);
        Assert.Equal("{\"k\":\"\\u00E9\"}", request.User.DataJson);
    }

    [Fact]
    public void CreateUser_TreatsNullOptionalFields_AsAbsent()
    {
        var request = CreateUserRequest.Read(Fields("""
            {"username":"bob","password":"pw","tenant_name":"acme","email":null,"two_factor":null,"scopes":null,
             "data":null}
            """));

        Assert.Equal(new NewUser("pw", "acme", null, null, null, null), request.User);
    }

    [Theory]
    [InlineData("{\"username\":\"bob\",\"password\":\"pw\"}", "missing field 'tenant_name'")]
    [InlineData("{\"username\":\"bob\",\"password\":\"pw\",\"tenant_name\":\"t\",\"two_factor\":\"yes\"}",
        "field 'two_factor' must be true, false or null")]
    [InlineData("{\"username\":\"bob\",\"password\":\"pw\",\"tenant_name\":\"t\",\"scopes\":\"a:b\"}",
        "field 'scopes' must be an array of strings or null")]
    [InlineData("{\"username\":\"bob\",\"password\":\"pw\",\"tenant_name\":\"t\",\"scopes\":[\"a:b\",1]}",
        "field 'scopes' must be an array of strings or null")]
    [InlineData("{\"username\":\"bob\",\"password\":\"pw\",\"tenant_name\":\"t\",\"email\":false}",
        "field 'email' must be a string")]
    [InlineData("{\"username\":\"bob\",\"password\":\"pw\",\"tenant_name\":\"t\",\"data\":{\"a\":1,\"a\":1}}",
        "field 'data' has the key \"a\" twice")]
    public void CreateUser_RefusesMistypedFields(string json, string expected) =>
        Assert.Equal(expected, Refusal(() => CreateUserRequest.Read(Fields(json))));

    [Fact]
    public void UpdateUser_KeepsFieldsLeftOut()
    {
        var request = UpdateUserRequest.Read(Fields("{\"username\":\"bob\"}"));

        Assert.Equal(new UserChanges(Change<string>.Keep, Change<string>.Keep, Change<string>.Keep,
            Change<IReadOnlyList<string>>.Keep, Change<string>.Keep, Change<bool?>.Keep), request.Changes);
    }

    [Fact]
    public void UpdateUser_SetsFieldsGivenAsNull_ToNull()
    {
        var request = UpdateUserRequest.Read(Fields(
            "{\"username\":\"bob\",\"email\":null,\"scopes\":null,\"data\":null,\"two_factor\":null}"));

        Assert.Equal(Change<string>.To(null), request.Changes.Email);
        Assert.Equal(Change<IReadOnlyList<string>>.To(null), request.Changes.Scopes);
        Assert.Equal(Change<string>.To(null), request.Changes.DataJson);
        Assert.Equal(Change<bool?>.To(null), request.Changes.TwoFactor);
    }

    [Fact]
    public void UpdateUser_SetsGivenFields()
    {
        var request = UpdateUserRequest.Read(Fields(
            "{\"username\":\"bob\",\"tenant_name\":\"t2\",\"password\":\"new\",\"data\":[1, 2],\"two_factor\":false}"));

        Assert.Equal(Change<string>.To("t2"), request.Changes.TenantName);
        Assert.Equal(Change<string>.To("new"), request.Changes.Password);
        Assert.Equal(Change<string>.To("[1,2]"), request.Changes.DataJson);
        Assert.Equal(Change<bool?>.To(false), request.Changes.TwoFactor);
    }

    [Theory]
    [InlineData("tenant_name")]
    [InlineData("password")]
    public void UpdateUser_RefusesNull_ForFieldsThatCannotBeCleared(string field) =>
        Assert.Equal($"field '{field}' cannot be null; leave it out to keep it",
            Refusal(() => UpdateUserRequest.Read(Fields($"{{\"username\":\"bob\",\"{field}\":null}}"))));

    [Fact]
    public void Insert_ConvertsData_ToCompactAscii()
    {
        var request = InsertRequest.Read(Fields("{\"event\":\"caf\u00E9\",\"data\":{ \"x\" : \"\u00FC\" }}"));

        Assert.Equal(new InsertRequest("caf\u00E9", "{\"x\":\"\\u00FC\"}"), request);
    }

    [Fact]
    public void Insert_AcceptsNullData()
    {
        Assert.Equal(new InsertRequest("e", "null"), InsertRequest.Read(Fields("{\"event\":\"e\",\"data\":null}")));
    }

    [Theory]
    [InlineData("{\"event\":\"e\"}", "missing field 'data' (send null for an event without data)")]
    [InlineData("{\"data\":1}", "missing field 'event'")]
    [InlineData("{\"event\":7,\"data\":1}", "field 'event' must be a string")]
    [InlineData("{\"event\":null,\"data\":1}", "field 'event' must be a string")]
    [InlineData("{\"event\":\"\",\"data\":1}", "event name must not be empty")]
    [InlineData("{\"event\":\"a:b\",\"data\":1}", "event name must not contain ':'")]
    [InlineData("{\"event\":\"a\\nb\",\"data\":1}", "event name must not contain control characters")]
    [InlineData("{\"event\":\"e\",\"data\":{\"k\":1,\"k\":2}}", "field 'data' has the key \"k\" twice")]
    public void Insert_RefusesInvalidFields(string json, string expected) =>
        Assert.Equal(expected, Refusal(() => InsertRequest.Read(Fields(json))));

    [Fact]
    public void Insert_RefusesEventNamesLongerThan64Characters()
    {
        var json = $"{{\"event\":\"{new string('x', 65)}\",\"data\":1}}";

        Assert.Equal("event name must be at most 64 characters", Refusal(() => InsertRequest.Read(Fields(json))));
    }
}
