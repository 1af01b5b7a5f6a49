using Broker.Testing;
using Xunit.Abstractions;

namespace Broker.Security.BadInput;

/// <summary>Each documented limit holds at its edge and says clearly what was refused.</summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class LimitTests(SecurityCluster cluster, ITestOutputHelper output)
{
    private const int MaxBodyBytes = 1024 * 1024;
    private const int MaxEventBytes = 64 * 1024;
    private const int DefaultStreamsPerUser = 16;

    [Fact]
    public async Task TheBodyLimit_AcceptsExactlyTheLimit_AndRefusesOneByteMore()
    {
        var login = PostEndpoint.All(Targets()).Single(endpoint => endpoint.Path == "/login");

        var atLimit = await cluster.Main.PostBytesAsync("/login", BodyProbes.PaddedBody(login, MaxBodyBytes),
            "application/json");
        await SuiteReport.AttackAsync(async () =>
        {
            var over = await cluster.Main.PostBytesAsync("/login", BodyProbes.PaddedBody(login, MaxBodyBytes + 1),
                "application/json");
            over.AssertError(HttpStatusCode.RequestEntityTooLarge, $"request body is larger than {MaxBodyBytes} bytes");
        });

        atLimit.AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Fact]
    public async Task TheEventDataLimit_CountsCompactJson_AndRefusesOneByteMore()
    {
        var user = TestUser.Unique("event-limit");
        await cluster.Main.CreateUserAsync(user);
        var bearer = await cluster.Main.BearerAsync(user);

        // A JSON string of n characters is n + 2 bytes; spaces around it do not count.
        var atLimit = await cluster.Main.PostAsync("/insert",
            $"{{\"event\":\"big\",\"data\":   \"{new string('d', MaxEventBytes - 2)}\"   }}", bearer);
        await SuiteReport.AttackAsync(async () =>
        {
            var over = await cluster.Main.PostAsync("/insert",
                $"{{\"event\":\"big\",\"data\":\"{new string('d', MaxEventBytes - 1)}\"}}", bearer);
            over.AssertError(HttpStatusCode.RequestEntityTooLarge,
                $"event data is {MaxEventBytes + 1} bytes as compact JSON; the limit is {MaxEventBytes}");
        });

        Assert.Equal("1", atLimit.AssertOk()["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("username")]
    [InlineData("tenant_name")]
    public async Task UserNames_OfSixtyFourCharactersAreAccepted_AndOfSixtyFiveRefused(string field)
    {
        var user = TestUser.Unique("name-limit");
        var longest = (user.Username + new string('x', 64))[..64];
        var tooLong = longest + "y";

        await SuiteReport.AttackAsync(async () =>
        {
            var refused = await cluster.Main.AdminAsync("/create_user", UserBody(user, field, tooLong));
            refused.AssertError(HttpStatusCode.BadRequest, $"{field} must be at most 64 characters");
        });

        (await cluster.Main.AdminAsync("/create_user", UserBody(user, field, longest))).AssertOk();
    }

    [Fact]
    public async Task EventNames_OfSixtyFourCharactersAreAccepted_AndOfSixtyFiveRefused()
    {
        var user = TestUser.Unique("event-name-limit");
        await cluster.Main.CreateUserAsync(user);
        var bearer = await cluster.Main.BearerAsync(user);

        await SuiteReport.AttackAsync(async () =>
        {
            var refused = await cluster.Main.PostAsync("/insert",
                $"{{\"event\":\"{new string('e', 65)}\",\"data\":1}}", bearer);
            refused.AssertError(HttpStatusCode.BadRequest, "event name must be at most 64 characters");
        });

        Assert.Equal(1, await cluster.Main.InsertAsync(bearer, new string('e', 64), "1"));
    }

    [Fact]
    public async Task StreamsPerUser_AreLimitedPerGateway_WithRetryAfter()
    {
        var user = TestUser.Unique("stream-hog");
        await cluster.Main.CreateUserAsync(user);
        var bearer = await cluster.Main.BearerAsync(user);
        var streams = new List<EventStream>();
        try
        {
            for (var i = 0; i < DefaultStreamsPerUser; i++)
            {
                streams.Add(await cluster.Main.OpenStreamAsync(bearer));
            }

            await SuiteReport.AttackAsync(async () =>
            {
                var refused = await ReadRefusalAsync(cluster.Main, bearer);
                refused.AssertError(HttpStatusCode.TooManyRequests,
                    "too many open event streams for this user on this gateway (at most 16); close one and try again");
                Assert.Equal(10, refused.RetryAfterSeconds);
            });

            // The count is this gateway's: the same user still gets a stream from another gateway.
            streams.Add(await cluster.Second.OpenStreamAsync(bearer));

            // A closed stream gives its slot back.
            await streams[0].DisposeAsync();
            await Eventually.True(async () =>
            {
                using var response = await cluster.Main.StartStreamAsync(bearer);
                return response.StatusCode == HttpStatusCode.OK;
            }, "a stream slot to come free");
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }

        output.WriteLine(SuiteReport.Line);
    }

    [Fact]
    public async Task StreamsPerGateway_AreLimited_WithRetryAfter()
    {
        var first = TestUser.Unique("stream-a");
        var second = TestUser.Unique("stream-b");
        await cluster.Main.CreateUserAsync(first);
        await cluster.Main.CreateUserAsync(second);
        var firstAuth = await cluster.Strict.BearerAsync(first);
        var secondAuth = await cluster.Strict.BearerAsync(second);
        var streams = new List<EventStream>();
        try
        {
            for (var i = 0; i < SecurityCluster.StrictStreamsPerUser; i++)
            {
                streams.Add(await cluster.Strict.OpenStreamAsync(firstAuth));
            }

            await SuiteReport.AttackAsync(async () =>
            {
                var refused = await ReadRefusalAsync(cluster.Strict, firstAuth);
                refused.AssertError(HttpStatusCode.TooManyRequests,
                    "too many open event streams for this user on this gateway (at most 2); close one and try again");
            });

            streams.Add(await cluster.Strict.OpenStreamAsync(secondAuth));
            await SuiteReport.AttackAsync(async () =>
            {
                var refused = await ReadRefusalAsync(cluster.Strict, secondAuth);
                refused.AssertError(HttpStatusCode.TooManyRequests,
                    "this gateway serves its maximum of 3 event streams; try again later or use another gateway");
                Assert.Equal(10, refused.RetryAfterSeconds);
            });
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static async Task<Reply> ReadRefusalAsync(GatewayClient gateway,
        System.Net.Http.Headers.AuthenticationHeaderValue auth)
    {
        using var response = await gateway.StartStreamAsync(auth);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new Reply(response.StatusCode, body, response.Headers, response.Content.Headers);
    }

    private static JsonObject UserBody(TestUser user, string field, string value)
    {
        var body = new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
        };
        body[field] = value;
        return body;
    }

    private FuzzTargets Targets() => new(cluster.AdminToken, "unused", "Bearer unused",
        TestUser.UniqueName("nobody"), TestUser.UniqueName("unused"), MaxBodyBytes, MaxEventBytes);
}
