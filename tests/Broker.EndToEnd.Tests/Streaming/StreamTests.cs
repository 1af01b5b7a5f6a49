using System.Net.Http.Headers;

namespace Broker.EndToEnd.Streaming;

public sealed class StreamTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task Sse_AnswersWithEventStreamHeaders()
    {
        var user = await NewUserAsync("headers");
        var request = new HttpRequestMessage(HttpMethod.Get, "/sse");
        request.Headers.Authorization = user.Basic;
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        await using var stream = await SseStream.OpenAsync(new HttpClient { BaseAddress = Api.BaseAddress }, request);

        var response = stream.Response;
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal(["no"], response.Headers.GetValues("X-Accel-Buffering"));
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Sse_SendsTheLatestEventOfEachNameInIdOrder_ThenLiveEvents()
    {
        var user = await NewUserAsync("snapshot");
        var auth = await Api.BearerAsync(user);
        await Api.InsertAsync(auth, "a", """{"n":1}""");
        await Api.InsertAsync(auth, "b", """{"n":2}""");
        await Api.InsertAsync(auth, "a", """{"n":3}""");
        await Api.InsertAsync(auth, "c", """{"n":4}""");
        await Api.InsertAsync(auth, "b", """{"n":5}""");

        await using var stream = await Api.OpenStreamAsync(auth);
        var snapshot = await stream.NextAsync(3);
        await Api.InsertAsync(auth, "d", """{"n":6}""");
        var live = await stream.NextAsync();

        snapshot[0].AssertIs("a", "3", """{"n":3}""");
        snapshot[1].AssertIs("c", "4", """{"n":4}""");
        snapshot[2].AssertIs("b", "5", """{"n":5}""");
        live.AssertIs("d", "6", """{"n":6}""");
    }

    [Fact]
    public async Task Sse_WritesDataAsCompactAsciiJson_WithMembersInInsertedOrder()
    {
        var user = await NewUserAsync("ascii");
        var auth = await Api.BearerAsync(user);
        await using var stream = await Api.OpenStreamAsync(auth);

        await Api.InsertAsync(auth, "text", """
            { "zeta" : 1.50, "alpha" : "café 漢字 😀", "list" : [ 1e3, -0, true, null ],
              "nested" : { "q" : "line\nbreak \"quoted\" \\ /" } }
            """);
        var frame = await stream.NextAsync();

        frame.AssertIs("text", "1",
            """{"zeta":1.50,"alpha":"caf\u00E9 \u6F22\u5B57 \uD83D\uDE00","list":""" +
            """[1e3,-0,true,null],"nested":{"q":"line\nbreak \"quoted\" \\ /"}}""");
        JsonAssert.Equal(
            JsonNode.Parse("""{"zeta":1.50,"alpha":"café 漢字 😀","list":""" +
                """[1e3,-0,true,null],"nested":{"q":"line\nbreak \"quoted\" \\ /"}}"""),
            JsonNode.Parse(frame.Data));
    }

    [Fact]
    public async Task Sse_KeepsEventNamesWithPunctuationAndNonAscii()
    {
        var user = await NewUserAsync("names");
        var auth = await Api.BearerAsync(user);
        const string name = "orders/#?\\\"'é 漢";
        await Api.InsertAsync(auth, name, "null");

        await using var stream = await Api.OpenStreamAsync(auth);
        var frame = await stream.NextAsync();

        frame.AssertIs(name, "1", "null");
    }

    [Fact]
    public async Task Sse_OfOneTenant_ShowsEveryUsersEventsLive_AndNothingOfOtherTenants()
    {
        var tenant = TestUser.UniqueName("shared-tenant");
        var alice = await NewUserAsync("alice", tenant);
        var bob = await NewUserAsync("bob", tenant);
        var eve = await NewUserAsync("eve");
        await using var aliceStream = await Api.OpenStreamAsync(await Api.BearerAsync(alice));
        await using var bobStream = await Api.OpenStreamAsync(bob.Basic);
        await using var eveStream = await Api.OpenStreamAsync(await Api.BearerAsync(eve));

        await Api.InsertAsync(alice.Basic, "chat", """{"from":"alice"}""");
        await Api.InsertAsync(bob.Basic, "chat", """{"from":"bob"}""");
        var aliceSaw = await aliceStream.NextAsync(2);
        var bobSaw = await bobStream.NextAsync(2);
        await Api.InsertAsync(eve.Basic, "own", "1");
        var eveSaw = await eveStream.NextAsync();

        foreach (var frames in new[] { aliceSaw, bobSaw })
        {
            frames[0].AssertIs("chat", "1", """{"from":"alice"}""");
            frames[1].AssertIs("chat", "2", """{"from":"bob"}""");
        }

        eveSaw.AssertIs("own", "1", "1");
    }

    [Fact]
    public async Task Sse_SendsKeepAliveCommentsWhileQuiet()
    {
        var user = await NewUserAsync("quiet");
        await using var stream = await Api.OpenStreamAsync(user.Basic);

        await stream.WaitForHeartbeatsAsync(2);
        await Api.InsertAsync(user.Basic, "after-quiet", "1");
        var frame = await stream.NextAsync();

        Assert.Equal(":\n:\n"u8.ToArray(), stream.Received.Take(4).ToArray());
        frame.AssertIs("after-quiet", "1", "1");
    }

    [Fact]
    public async Task Sse_DeliversManyLiveEventsInOrder_WithoutGaps()
    {
        var user = await NewUserAsync("burst");
        var auth = await Api.BearerAsync(user);
        await using var stream = await Api.OpenStreamAsync(auth);

        var inserts = Enumerable.Range(1, 40).Select(i => Api.InsertAsync(auth, "n" + (i % 3), i.ToString()));
        var ids = await Task.WhenAll(inserts);
        var frames = await stream.NextAsync(40);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => i.ToString()), ids.OrderBy(int.Parse));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => i.ToString()), frames.Select(frame => frame.Id));
    }
}
