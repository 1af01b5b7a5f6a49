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

        duringOutage.AssertError(HttpStatusCode.ServiceUnavailable, "storage is unavailable; try again shortly");
        var afterwards = await InsertWhenStorageAnswersAsync(auth);
        Assert.Equal("2", afterwards);
        (await stream.NextAsync()).AssertIs("after", "2", "3");
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
