using System.Diagnostics;
using System.Net.Http.Headers;

namespace Broker.Cluster.Tests.Faults;

/// <summary>
/// A revocation, a password change and a move to another tenant, made through one gateway, close the user's
/// streams on every gateway and stop its old credentials there, Basic ones cached by a gateway included. The
/// design aims at under a second; the time each took is reported, never asserted.
/// </summary>
public sealed class SignOutPropagationTests(SharedNodes shared, ITestOutputHelper output)
    : SharedNodesTest(shared, output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CredentialChanges_CloseStreamsAndRefuseOldCredentials_OnEveryGateway()
    {
        var report = new Report(Output, "sign-out propagation");
        var tenant = ClusterUser.UniqueTenant("signout");
        var bystander = await CreateAsync("bystander", tenant);
        var bystanderStreams = await OpenStreamsAsync(bystander.User, bystander.Bearer);
        try
        {
            await CheckAsync(report, "revocation", tenant, new JsonObject(), "/revoke_user");
            await CheckAsync(report, "password change", tenant,
                new JsonObject { ["password"] = "a brand new password of some length" }, "/update_user");
            var newTenant = ClusterUser.UniqueTenant("moved");
            await CheckAsync(report, "tenant change", tenant, new JsonObject { ["tenant_name"] = newTenant },
                "/update_user");

            // The tenant's other user never lost a frame and still gets live events on both gateways.
            var last = await Gateways[1].InsertOkAsync(bystander.Bearer, "still", "1");
            foreach (var stream in bystanderStreams)
            {
                await stream.WaitForIdAsync(last);
            }
        }
        finally
        {
            foreach (var stream in bystanderStreams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task CheckAsync(Report report, string change, string tenant, JsonObject fields, string path)
    {
        var (user, bearer) = await CreateAsync(change.Replace(' ', '-'), tenant);
        var live = await Gateways[0].InsertOkAsync(bearer, "hello", "1");
        var streams = await OpenStreamsAsync(user, bearer);
        foreach (var stream in streams)
        {
            await stream.WaitForIdAsync(live);
        }

        fields["username"] = user.Username;
        var sent = Stopwatch.GetTimestamp();
        (await Gateways[0].AdminAsync(path, fields)).AssertStatus(HttpStatusCode.OK);
        var answered = Stopwatch.GetElapsedTime(sent);
        var closed = new List<(string Name, TimeSpan After)>();
        foreach (var stream in streams)
        {
            closed.Add((stream.Name, Stopwatch.GetElapsedTime(sent, await stream.EndedAsync(Generous))));
            await stream.DisposeAsync();
        }

        var slowest = closed.Max(entry => entry.After);
        report.Line($"{change} made through gateway 1: streams closed on both gateways after " +
            string.Join(", ", closed.Select(entry => $"{entry.Name} {entry.After.TotalMilliseconds:0} ms")) +
            $" from the admin request; slowest {slowest.TotalMilliseconds:0} ms " +
            $"({(slowest <= TimeSpan.FromSeconds(1) ? "within" : "OVER")} the 1 s design goal; the admin request " +
            $"itself took {answered.TotalMilliseconds:0} ms)");

        for (var g = 0; g < Gateways.Length; g++)
        {
            // The old JWT is refused everywhere: its stamp is no longer the user's.
            (await Gateways[g].SendAsync(HttpMethod.Get, "/sse", auth: bearer))
                .AssertStatus(HttpStatusCode.Unauthorized);

            var basic = await Gateways[g].InsertAsync(user.Basic, "after", "1");
            if (change == "tenant change")
            {
                // The password still holds, but the gateway's cached tenant does not: the event lands in the new
                // tenant, whose log starts again at 1.
                basic.AssertStatus(HttpStatusCode.OK);
                Assert.Equal(g + 1, long.Parse(basic.Json!["id"]!.GetValue<string>(),
                    System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                basic.AssertStatus(HttpStatusCode.Unauthorized);
            }
        }

        report.Line($"{change}: old JWT refused (401) on both gateways; Basic with the old credentials " +
            (change == "tenant change" ? "now writes to the new tenant" : "refused (401)") + " on both gateways");
    }

    private async Task<(ClusterUser User, AuthenticationHeaderValue Bearer)> CreateAsync(string label, string tenant)
    {
        var user = ClusterUser.Unique(label, tenant);
        await Gateways[0].CreateUserAsync(user);
        return (user, await Gateways[1].BearerAsync(user));
    }

    /// <summary>A Bearer and a Basic stream on every gateway; the Basic one puts the password in its cache.</summary>
    private async Task<List<WatchedStream>> OpenStreamsAsync(ClusterUser user, AuthenticationHeaderValue bearer)
    {
        var streams = new List<WatchedStream>();
        for (var g = 0; g < Gateways.Length; g++)
        {
            streams.Add(await WatchedStream.OpenAsync($"gateway {g + 1} bearer", Gateways[g], bearer));
            streams.Add(await WatchedStream.OpenAsync($"gateway {g + 1} basic", Gateways[g], user.Basic));
        }

        return streams;
    }
}
