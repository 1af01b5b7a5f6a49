namespace Broker.EndToEnd.Streaming;

public sealed class ReconnectTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task Reconnect_WithLastEventIdHeader_GetsEveryMissedEventInOrder_ThenLiveEvents()
    {
        var (auth, _) = await TenantWithFiveEventsAsync();

        await using var stream = await Api.OpenStreamAsync(auth, lastEventId: "2");
        var missed = await stream.NextAsync(3);
        await Api.InsertAsync(auth, "live", "6");
        var live = await stream.NextAsync();

        missed[0].AssertIs("a", "3", "3");
        missed[1].AssertIs("b", "4", "4");
        missed[2].AssertIs("a", "5", "5");
        live.AssertIs("live", "6", "6");
    }

    [Fact]
    public async Task Reconnect_WithLastEventIdQueryParameter_GetsEveryMissedEventInOrder()
    {
        var (auth, _) = await TenantWithFiveEventsAsync();

        await using var stream = await Api.OpenStreamAsync(auth, lastEventIdQuery: "3");
        var missed = await stream.NextAsync(2);
        await Api.InsertAsync(auth, "live", "6");
        var live = await stream.NextAsync();

        missed[0].AssertIs("b", "4", "4");
        missed[1].AssertIs("a", "5", "5");
        live.AssertIs("live", "6", "6");
    }

    [Fact]
    public async Task Reconnect_WithBothHeaderAndQueryParameter_FollowsTheHeader()
    {
        var (auth, _) = await TenantWithFiveEventsAsync();

        // A browser's EventSource keeps the URL of its first connect and sends the newer id as the header.
        await using var stream = await Api.OpenStreamAsync(auth, lastEventId: "4", lastEventIdQuery: "1");
        var missed = await stream.NextAsync();
        await Api.InsertAsync(auth, "live", "6");
        var live = await stream.NextAsync();

        missed.AssertIs("a", "5", "5");
        live.AssertIs("live", "6", "6");
    }

    [Fact]
    public async Task Reconnect_WithTheNewestId_GetsOnlyLiveEvents()
    {
        var (auth, _) = await TenantWithFiveEventsAsync();

        await using var stream = await Api.OpenStreamAsync(auth, lastEventId: "5");
        await Api.InsertAsync(auth, "live", "6");
        var live = await stream.NextAsync();

        live.AssertIs("live", "6", "6");
    }

    [Theory]
    [InlineData("999")]
    [InlineData("0")]
    [InlineData("not-an-id")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    public async Task Reconnect_WithAnIdUnknownToTheTenant_GetsTheSnapshot(string unknown)
    {
        var (auth, _) = await TenantWithFiveEventsAsync();

        await using var stream = await Api.OpenStreamAsync(auth, lastEventId: unknown);
        var snapshot = await stream.NextAsync(3);
        await Api.InsertAsync(auth, "live", "6");
        var live = await stream.NextAsync();

        snapshot[0].AssertIs("c", "2", "2");
        snapshot[1].AssertIs("b", "4", "4");
        snapshot[2].AssertIs("a", "5", "5");
        live.AssertIs("live", "6", "6");
    }

    [Fact]
    public async Task Reconnect_AfterMissingEvents_ResumesWhereTheFirstStreamStopped()
    {
        var (auth, _) = await TenantWithFiveEventsAsync();
        string lastSeen;
        await using (var first = await Api.OpenStreamAsync(auth))
        {
            lastSeen = (await first.NextAsync(3))[^1].Id;
        }

        await Api.InsertAsync(auth, "while-away", "6");
        await Api.InsertAsync(auth, "while-away", "7");
        await using var second = await Api.OpenStreamAsync(auth, lastEventId: lastSeen);
        var missed = await second.NextAsync(2);

        Assert.Equal("5", lastSeen);
        missed[0].AssertIs("while-away", "6", "6");
        missed[1].AssertIs("while-away", "7", "7");
    }

    /// <summary>A new tenant whose events 1 to 5 are named a, c, a, b, a, each with its id as data.</summary>
    private async Task<(System.Net.Http.Headers.AuthenticationHeaderValue Auth, TestUser User)>
        TenantWithFiveEventsAsync()
    {
        var user = await NewUserAsync("reconnect");
        var auth = await Api.BearerAsync(user);
        string[] names = ["a", "c", "a", "b", "a"];
        for (var i = 0; i < names.Length; i++)
        {
            await Api.InsertAsync(auth, names[i], (i + 1).ToString());
        }

        return (auth, user);
    }
}
