namespace Broker.EndToEnd.Events;

public sealed class InsertTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task Insert_NumbersEventsOfATenantOneTwoThree()
    {
        var user = await NewUserAsync("numbering");
        var auth = await Api.BearerAsync(user);

        var ids = new List<string>();
        foreach (var name in new[] { "a", "b", "a" })
        {
            ids.Add(await Api.InsertAsync(auth, name, "{}"));
        }

        Assert.Equal(["1", "2", "3"], ids);
    }

    [Fact]
    public async Task Insert_AnswersWithOnlyTheId()
    {
        var user = await NewUserAsync("answer");

        var body = (await Api.InsertRawAsync(await Api.BearerAsync(user), "e", "[1,2]")).AssertOk();

        JsonAssert.Equal("""{"id":"1"}""", body);
    }

    [Fact]
    public async Task Insert_WithAUtf8ByteOrderMarkBeforeTheBody_IsStoredAndStreamed()
    {
        var user = await NewUserAsync("byte-order-mark");

        var response = await Api.PostWithByteOrderMarkAsync(
            "/insert", """{"event":"marked","data":{"text":"café"}}""", user.Basic);

        JsonAssert.Equal("""{"id":"1"}""", response.AssertOk());
        await using var stream = await Api.OpenStreamAsync(user.Basic);
        (await stream.NextAsync()).AssertIs("marked", "1", """{"text":"caf\u00E9"}""");
    }

    [Fact]
    public async Task Insert_KeepsTenantsApart()
    {
        var first = await NewUserAsync("tenant-one");
        var second = await NewUserAsync("tenant-two");

        var firstIds = new[]
        {
            await Api.InsertAsync(first.Basic, "e", "1"),
            await Api.InsertAsync(first.Basic, "e", "2"),
        };
        var secondId = await Api.InsertAsync(second.Basic, "e", "3");

        Assert.Equal(["1", "2"], firstIds);
        Assert.Equal("1", secondId);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("[]")]
    public async Task Insert_AcceptsAnyJsonValueAsData(string data)
    {
        var user = await NewUserAsync("anydata");

        var id = await Api.InsertAsync(user.Basic, "value", data);

        Assert.Equal("1", id);
    }

    [Theory]
    [InlineData("{", "request body is not valid JSON (line 1, byte 2)")]
    [InlineData("", "request body is empty; expected a JSON object")]
    [InlineData("""{"event":"e"}""", "missing field 'data' (send null for an event without data)")]
    [InlineData("""{"data":1}""", "missing field 'event'")]
    [InlineData("""{"event":5,"data":1}""", "field 'event' must be a string")]
    [InlineData("""{"event":"e","data":{"k":1,"k":2}}""", "field 'data' has the key \"k\" twice")]
    [InlineData("""{"event":"","data":1}""", "event name must not be empty")]
    [InlineData("""{"event":"has:colon","data":1}""", "event name must not contain ':'")]
    [InlineData("""{"event":"line\nbreak","data":1}""", "event name must not contain control characters")]
    [InlineData("""{"event":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","data":1}""",
        "event name must be at most 64 characters")]
    [InlineData("""{"event":"a","event":"b","data":1}""", "duplicate field 'event'")]
    [InlineData("""{"event":"e","data":[1,2}""", "request body is not valid JSON (line 1, byte 25)")]
    public async Task Insert_OfAMalformedEvent_IsBadRequest(string body, string error)
    {
        var user = await NewUserAsync("badevent");

        var response = await Api.PostRawAsync("/insert", body, user.Basic);

        response.AssertError(HttpStatusCode.BadRequest, error);
        Assert.Equal("1", await Api.InsertAsync(user.Basic, "after", "1"));
    }

    [Fact]
    public async Task Insert_OfDataNestedTooDeeply_IsBadRequest()
    {
        var user = await NewUserAsync("deep");
        var data = new string('[', 70) + new string(']', 70);

        var response = await Api.InsertRawAsync(user.Basic, "deep", data);

        response.AssertError(HttpStatusCode.BadRequest, "a field of the request body nests deeper than 64 levels");
    }

    [Fact]
    public async Task Insert_OfABodyThatIsNotUtf8_IsBadRequest()
    {
        var user = await NewUserAsync("latin1");
        var request = new HttpRequestMessage(HttpMethod.Post, "/insert")
        {
            Content = new ByteArrayContent([.. "{\"event\":\""u8, 0xFF, .. "\",\"data\":1}"u8]),
        };
        request.Headers.Authorization = user.Basic;

        var response = await Api.SendAsync(request);

        response.AssertError(HttpStatusCode.BadRequest, "request body is not valid UTF-8");
    }

    [Fact]
    public async Task Insert_IgnoresUnknownFields_AndNeedsNoContentType()
    {
        var user = await NewUserAsync("lenient");
        var request = new HttpRequestMessage(HttpMethod.Post, "/insert")
        {
            Content = new ByteArrayContent("""{"event":"e","data":1,"unknown":{"x":[1]}}"""u8.ToArray()),
        };
        request.Headers.Authorization = user.Basic;

        var response = await Api.SendAsync(request);

        JsonAssert.Equal("""{"id":"1"}""", response.AssertOk());
    }

    [Fact]
    public async Task Insert_KeepsNumbersExactlyAsWritten()
    {
        var user = await NewUserAsync("numbers");
        const string data = "[12345678901234567890123,1e400,-0.0,1E+2,0.10]";
        await Api.InsertAsync(user.Basic, "numbers", data);

        await using var stream = await Api.OpenStreamAsync(user.Basic);

        (await stream.NextAsync()).AssertIs("numbers", "1", data);
    }

    [Fact]
    public async Task Insert_OfDataOverTheEventLimit_IsTooLarge()
    {
        var user = await NewUserAsync("big-event");
        var data = "\"" + new string('x', 70_000) + "\"";

        var response = await Api.InsertRawAsync(user.Basic, "big", data);

        response.AssertError(HttpStatusCode.RequestEntityTooLarge,
            "event data is 70002 bytes as compact JSON; the limit is 65536");
    }

    [Fact]
    public async Task Insert_OfDataJustUnderTheEventLimit_IsStreamedWhole()
    {
        var user = await NewUserAsync("full-event");
        var data = "\"" + new string('y', 65_536 - 2) + "\"";
        await Api.InsertAsync(user.Basic, "full", data);

        await using var stream = await Api.OpenStreamAsync(user.Basic);
        var frame = await stream.NextAsync();

        frame.AssertIs("full", "1", data);
    }

    [Fact]
    public async Task Insert_OfABodyOverTheLimit_IsTooLarge()
    {
        var user = await NewUserAsync("huge");
        var data = "\"" + new string('x', 1024 * 1024 + 10) + "\"";

        var response = await Api.InsertRawAsync(user.Basic, "huge", data);

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, "request body is larger than 1048576 bytes");
    }

    [Fact]
    public async Task CreateUser_WithABodyOverTheLimit_IsTooLarge()
    {
        var user = TestUser.Unique("huge-user");

        var response = await Api.PostAsync("/create_user", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = Api.AdminToken,
            ["data"] = new string('x', 1024 * 1024 + 10),
        });

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, "request body is larger than 1048576 bytes");
    }
}
