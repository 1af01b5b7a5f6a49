namespace Broker.EndToEnd.Events;

/// <summary>While storage is unreachable, Broker says so with a 503 and acknowledges nothing it did not keep.</summary>
[Collection(PersistentClusterCollection.Name)]
public sealed class StorageOutageTests(PersistentCluster persistent)
{
    private BrokerApi Api => persistent.Api;

    [Fact]
    public async Task Insert_WhileStorageIsDown_IsUnavailable_AndNumberingGoesOnWithoutAGapAfterwards()
    {
        var user = TestUser.Unique("outage");
        await Api.CreateUserAsync(user);
        var auth = Credentials.Bearer(await Api.LoginAsync(user));
        await Api.InsertAsync(auth, "before", "1");
        await using var stream = await Api.OpenStreamAsync(auth);
        (await stream.NextAsync()).AssertIs("before", "1", "1");

        await persistent.Cluster.StopStorageAsync();
        ApiResponse duringOutage;
        try
        {
            duringOutage = await Api.InsertRawAsync(auth, "during", "2");
        }
        finally
        {
            await persistent.Cluster.StartStorageAgainAsync();
        }

        duringOutage.AssertError(HttpStatusCode.ServiceUnavailable,
            "storage is unavailable; the event was not stored, try again shortly");
        var afterwards = await InsertWhenStorageAnswersAsync(auth);
        Assert.Equal("2", afterwards);
        (await stream.NextAsync()).AssertIs("after", "2", "3");
    }

    /// <summary>
    /// Storage that hangs instead of refusing. Of two inserts sent together, the first to reach the tenant's writer
    /// starts its write; the gateway gives up on it after its call time-out and cannot know whether it will land,
    /// so its 503 says the event may have been stored, and it is written once storage answers again. The other
    /// waits behind it and is refused unwritten after half the time-out, so it never appears.
    /// </summary>
    [Fact]
    public async Task Insert_WhileStorageHangs_TheWriteUnderWayMayBeStored_AndTheOneBehindItIsRefusedUnwritten()
    {
        var user = TestUser.Unique("stall");
        await Api.CreateUserAsync(user);
        var auth = Credentials.Bearer(await Api.LoginAsync(user));
        var before = await Api.InsertAsync(auth, "before", "1");
        await using var stream = await Api.OpenStreamAsync(auth);
        (await stream.NextAsync()).AssertIs("before", before, "1");
        await using var impatient = await persistent.Cluster.StartExtraGatewayAsync(
            new Dictionary<string, string> { ["call_timeout"] = "1.5" });
        using var impatientApi = new BrokerApi(impatient.BaseAddress, persistent.Cluster.Options.AdminToken);

        await persistent.Cluster.PauseStorageAsync();
        ApiResponse[] answers;
        try
        {
            answers = await Task.WhenAll(
                impatientApi.InsertRawAsync(auth, "racer", "\"x\""),
                impatientApi.InsertRawAsync(auth, "racer", "\"y\""));
        }
        finally
        {
            await persistent.Cluster.ResumeStorageAsync();
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status));
        Assert.Equal(
            [
                "no confirmation in time; the event may have been stored: resume the stream with Last-Event-ID and " +
                    "look for it before inserting it again",
                "the tenant's event log is too busy; the event was not stored, try again shortly",
            ],
            answers.Select(answer => answer.Json!["error"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var landed = await stream.NextAsync();
        Assert.Contains(landed.Data, new[] { "\"x\"", "\"y\"" });
        landed.AssertIs("racer", (long.Parse(before) + 1).ToString(), landed.Data);
        var after = await Api.InsertAsync(auth, "after", "2");
        Assert.Equal((long.Parse(before) + 2).ToString(), after);
        (await stream.NextAsync()).AssertIs("after", after, "2");
    }

    /// <summary>Storage answers again within seconds of its restart; until then an insert gets a 503.</summary>
    private async Task<string> InsertWhenStorageAnswersAsync(System.Net.Http.Headers.AuthenticationHeaderValue auth)
    {
        string? id = null;
        await Broker.Testing.Eventually.True(async () =>
        {
            var response = await Api.InsertRawAsync(auth, "after", "3");
            if (response.Status == HttpStatusCode.ServiceUnavailable)
            {
                return false;
            }

            id = response.AssertOk()["id"]!.GetValue<string>();
            return true;
        }, "an insert to succeed once storage is back");
        return id!;
    }
}
