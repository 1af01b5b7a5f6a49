using System.Net.Http.Headers;

namespace Broker.Security.Tenants;

/// <summary>
/// Tenant names that differ by a character a careless key scheme would fold away (case, a separator, an
/// encoding, a look-alike letter) name different tenants: separate logs, separate streams.
/// </summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class LookAlikeTenantTests(SecurityCluster cluster)
{
    [Fact]
    public async Task LookAlikeTenants_KeepSeparateLogsAndStreams()
    {
        var stem = "acme" + TestUser.RandomText()[..6];
        string[] names =
        [
            stem, stem[..^1], stem + "x", stem + "a/b", stem + "a:b", stem + "a b", stem + "a%2Fb", stem + "a%2fb",
            stem + "a_b", stem + "ab", stem.ToUpperInvariant(), "A" + stem[1..], "\u0430" + stem[1..],
            "\uff41" + stem[1..], stem + "\u00e9", stem + "e\u0301", stem + "\u200b", stem + " ", " " + stem,
            stem + "\u212a", stem + "K", stem + "\ufb01", stem + "fi", stem + "\\", stem + "/", stem + "#?",
        ];
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());

        var members = new List<(string Tenant, TestUser User, AuthenticationHeaderValue Auth, GatewayClient Gateway)>();
        for (var i = 0; i < names.Length; i++)
        {
            var user = TestUser.Unique("lookalike", names[i]);
            var created = await cluster.Main.CreateUserAsync(user);
            Assert.Equal(names[i], created["tenant_name"]!.GetValue<string>());
            var gateway = i % 2 == 0 ? cluster.Main : cluster.Second;
            members.Add((names[i], user, await gateway.BearerAsync(user), gateway));
        }

        for (var i = 0; i < members.Count; i++)
        {
            Assert.Equal(1, await members[i].Gateway.InsertAsync(members[i].Auth, "shared", $"{{\"tenant\":{i}}}"));
        }

        var streams = new List<EventStream>();
        try
        {
            foreach (var member in members)
            {
                streams.Add(await member.Gateway.OpenStreamAsync(member.Auth));
            }

            for (var i = 0; i < members.Count; i++)
            {
                var member = members[i];
                Assert.Equal(2, await member.Gateway.InsertAsync(member.Auth, "shared", $"{{\"tenant\":{i},\"n\":2}}"));
            }

            for (var i = 0; i < members.Count; i++)
            {
                var index = i;
                await SuiteReport.AttackAsync(async () =>
                {
                    var frames = await streams[index].ReadThroughAsync(2);
                    Assert.Equal([$"{{\"tenant\":{index}}}", $"{{\"tenant\":{index},\"n\":2}}"],
                        frames.Select(frame => frame.Data));
                });
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }

        foreach (var member in members)
        {
            var shown = (await cluster.Second.AdminAsync("/get_user",
                new JsonObject { ["username"] = member.User.Username })).AssertOk();
            Assert.Equal(member.Tenant, shown["tenant_name"]!.GetValue<string>());
        }
    }
}
