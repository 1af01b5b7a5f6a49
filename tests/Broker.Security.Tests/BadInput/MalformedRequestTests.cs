using Xunit.Abstractions;

namespace Broker.Security.BadInput;

[Collection(SecurityClusterCollection.Name)]
public sealed class MalformedRequestTests(SecurityCluster cluster, ITestOutputHelper output)
{
    /// <summary>The gateway's defaults, which <see cref="SecurityCluster.Main"/> keeps.</summary>
    private const int MaxBodyBytes = 1024 * 1024;
    private const int MaxEventBytes = 64 * 1024;

    [Fact]
    public async Task EveryMalformedRequest_IsRefusedWithAJsonError_AndChangesNothing()
    {
        var gateway = cluster.Main;
        var victim = TestUser.Unique("fuzz-victim");
        await gateway.CreateUserAsync(victim, body => body["scopes"] = new JsonArray("events:read"));
        var bearer = await gateway.BearerAsync(victim);
        for (var i = 1; i <= 3; i++)
        {
            await gateway.InsertAsync(bearer, $"seed-{i}", $"{{\"n\":{i}}}");
        }

        var targets = new FuzzTargets(gateway.AdminToken, victim.Username, bearer.ToString(),
            TestUser.UniqueName("stranger"), TestUser.UniqueName("fuzz-new"), MaxBodyBytes, MaxEventBytes);
        var before = await StateAsync(gateway, bearer, latestId: 3);
        var probes = Probes(targets);
        Assert.True(probes.Count >= 500, $"only {probes.Count} malformed requests");

        var failures = new List<string>();
        foreach (var probe in probes)
        {
            try
            {
                await SuiteReport.AttackAsync(async () =>
                {
                    var reply = await gateway.SendAsync(probe.ToRequest());
                    Assert.True(reply.Status == probe.Expected,
                        $"got {(int)reply.Status}, expected {(int)probe.Expected}: {Shorten(reply.Body)}");
                    reply.AssertRefused();
                });
            }
            catch (Exception e)
            {
                failures.Add($"{probe}: {e.Message}");
            }
        }

        await cluster.AssertServingAsync();
        var sentinel = await gateway.InsertAsync(bearer, "sentinel", "true");
        Assert.Equal(4, sentinel);
        var after = await StateAsync(gateway, bearer, latestId: 4);
        Assert.Equal(before.Users, after.Users);
        Assert.Equal([.. before.Snapshot, .. SentinelFrame()], after.Snapshot);
        output.WriteLine($"{probes.Count} malformed requests sent; {failures.Count} not refused as they must be.");
        output.WriteLine(SuiteReport.Line);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static List<Probe> Probes(FuzzTargets targets)
    {
        var endpoints = PostEndpoint.All(targets);
        var probes = new List<Probe>();
        foreach (var endpoint in endpoints)
        {
            probes.AddRange(BodyProbes.For(endpoint, targets));
            probes.AddRange(FieldProbes.For(endpoint, targets));
            probes.AddRange(SpecificProbes.For(endpoint, targets));
        }

        probes.AddRange(TransportProbes.For(endpoints, targets));
        return probes;
    }

    /// <summary>
    /// What a rejected request must leave as it was: every user as the admin sees them, the tenant's snapshot
    /// (the latest event of each name, byte for byte), and the victim's credentials, which still work.
    /// </summary>
    private static async Task<(string Users, string[] Snapshot)> StateAsync(GatewayClient gateway,
        System.Net.Http.Headers.AuthenticationHeaderValue bearer, long latestId)
    {
        var users = (await gateway.AdminAsync("/list_users", new JsonObject())).AssertOk().ToJsonString();
        (await gateway.GetAsync("/verify", bearer)).AssertOk();
        await using var stream = await gateway.OpenStreamAsync(bearer);
        var frames = await stream.ReadThroughAsync(latestId);
        return (users, [.. frames.Select(frame => Encoding.UTF8.GetString(frame.Bytes))]);
    }

    private static string[] SentinelFrame() => ["event:sentinel\nid:4\ndata:true\n\n"];

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
