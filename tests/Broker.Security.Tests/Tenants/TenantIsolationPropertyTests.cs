using System.Globalization;
using System.Net.Http.Headers;
using Xunit.Abstractions;

namespace Broker.Security.Tenants;

/// <summary>
/// A seeded random run over several tenants, users and shared event names, with streams opened, read,
/// closed and resumed, often with a <c>Last-Event-ID</c> taken from another tenant. Every stream must receive
/// exactly its own tenant's events, in order: a frame from another tenant fails the run.
/// </summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class TenantIsolationPropertyTests(SecurityCluster cluster, ITestOutputHelper output)
{
    /// <summary>Override with the environment variable <c>BROKER_SECURITY_SEED</c> to replay a run.</summary>
    private const int DefaultSeed = 20_240_611;
    private const int Steps = 160;
    private const int MaxOpenStreams = 8;
    private static readonly string[] EventNames = ["price", "status", "a/b", "chat room", "\u00e9t\u00e9-\U0001F642"];

    [Fact]
    public async Task NoEvent_EverReachesAClientOfAnotherTenant()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BROKER_SECURITY_SEED"),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var given) ? given : DefaultSeed;
        output.WriteLine($"Seed {seed} (set BROKER_SECURITY_SEED to replay)");
        Console.WriteLine($"Tenant isolation property test: seed {seed}");
        var random = new Random(seed);
        var tenants = await CreateTenantsAsync(4, 2);
        var open = new List<Watcher>();
        var foreignResumes = 0;
        var opened = 0;
        try
        {
            for (var step = 0; step < Steps; step++)
            {
                var roll = random.Next(100);
                if (roll < 55 || open.Count == 0)
                {
                    await InsertAsync(random, tenants, open);
                }
                else if (roll < 75 && open.Count < MaxOpenStreams)
                {
                    var (watcher, foreign) = await OpenAsync(random, tenants, tenants[random.Next(tenants.Count)]);
                    open.Add(watcher);
                    opened++;
                    foreignResumes += foreign ? 1 : 0;
                }
                else if (roll < 90)
                {
                    await open[random.Next(open.Count)].CatchUpAsync();
                }
                else
                {
                    // Reconnect: catch up, close, and resume where it stopped or from a foreign id.
                    var watcher = open[random.Next(open.Count)];
                    await watcher.CatchUpAsync();
                    await watcher.DisposeAsync();
                    open.Remove(watcher);
                    var (resumed, foreign) = await OpenAsync(random, tenants, watcher.Tenant, watcher.LastSeen);
                    open.Add(resumed);
                    opened++;
                    foreignResumes += foreign ? 1 : 0;
                }
            }

            // A last event in every tenant: each stream must reach its own with nothing foreign before it.
            foreach (var tenant in tenants)
            {
                await InsertAsync(tenant, tenant.Users[0], "closing", open);
            }

            foreach (var watcher in open)
            {
                await SuiteReport.AttackAsync(watcher.CatchUpAsync);
            }
        }
        finally
        {
            foreach (var watcher in open)
            {
                await watcher.DisposeAsync();
            }
        }

        var events = tenants.Sum(tenant => tenant.Log.Count);
        output.WriteLine($"{events} events in {tenants.Count} tenants; {opened} streams opened, " +
            $"{foreignResumes} of them resuming from another tenant's id; {Watcher.FramesChecked} frames checked.");
        output.WriteLine(SuiteReport.Line);
    }

    private async Task<List<Tenant>> CreateTenantsAsync(int count, int usersEach)
    {
        var tenants = new List<Tenant>();
        for (var t = 0; t < count; t++)
        {
            var tenant = new Tenant(t, TestUser.UniqueName($"prop-tenant{t}"));
            for (var u = 0; u < usersEach; u++)
            {
                var user = TestUser.Unique($"prop-user{t}-{u}", tenant.Name);
                await cluster.Main.CreateUserAsync(user);
                var gateway = (t + u) % 2 == 0 ? cluster.Main : cluster.Second;
                tenant.Users.Add(new Member(user, gateway, await gateway.BearerAsync(user)));
            }

            tenants.Add(tenant);
        }

        return tenants;
    }

    private static Task InsertAsync(Random random, List<Tenant> tenants, List<Watcher> open)
    {
        var tenant = tenants[random.Next(tenants.Count)];
        var member = tenant.Users[random.Next(tenant.Users.Count)];
        return InsertAsync(tenant, member, EventNames[random.Next(EventNames.Length)], open);
    }

    private static async Task InsertAsync(Tenant tenant, Member member, string name, List<Watcher> open)
    {
        var data = $"{{\"tenant\":{tenant.Index},\"n\":{tenant.Log.Count + 1},\"mark\":\"{TestUser.RandomText()}\"}}";
        var id = await member.Gateway.InsertAsync(member.Auth, name, data);
        Assert.Equal(tenant.Log.Count + 1, id);
        var stored = new Stored(id, name, data);
        tenant.Log.Add(stored);
        foreach (var watcher in open.Where(watcher => watcher.Tenant == tenant))
        {
            watcher.Expect(stored);
        }
    }

    /// <summary>
    /// Opens a stream for a random member of <paramref name="tenant"/> with a random <c>Last-Event-ID</c>: none,
    /// its own last one, one of its own tenant, one from another tenant, or garbage; header or query parameter.
    /// </summary>
    private static async Task<(Watcher Watcher, bool Foreign)> OpenAsync(Random random, List<Tenant> tenants,
        Tenant tenant, long? resumeFrom = null)
    {
        var member = tenant.Users[random.Next(tenant.Users.Count)];
        string? lastEventId;
        var foreign = false;
        switch (random.Next(6))
        {
            case 0:
                lastEventId = null;
                break;
            case 1:
                lastEventId = resumeFrom?.ToString(CultureInfo.InvariantCulture);
                break;
            case 2:
                lastEventId = tenant.Log.Count == 0
                    ? null
                    : random.Next(1, tenant.Log.Count + 1).ToString(CultureInfo.InvariantCulture);
                break;
            case 5:
                lastEventId = new[] { "abc", "0", "-1", "99999999999999999999", " 1", "1.0" }[random.Next(6)];
                break;
            default:
                var other = tenants[random.Next(tenants.Count)];
                lastEventId = (random.Next(Math.Max(other.Log.Count, 1)) + 1).ToString(CultureInfo.InvariantCulture);
                foreign = other != tenant;
                break;
        }

        var inQuery = random.Next(4) == 0;
        var response = await member.Gateway.StartStreamAsync(member.Auth, inQuery ? null : lastEventId,
            inQuery ? lastEventId : null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/sse answered {(int)response.StatusCode}");
        var watcher = new Watcher(tenant, await EventStream.StartAsync(response));
        foreach (var stored in Expected(tenant, lastEventId))
        {
            watcher.Expect(stored);
        }

        return (watcher, foreign);
    }

    /// <summary>What a stream opened now starts with, as the contract says.</summary>
    private static IEnumerable<Stored> Expected(Tenant tenant, string? lastEventId)
    {
        var trimmed = lastEventId?.Trim();
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var after) && after > 0 &&
            after <= tenant.Log.Count)
        {
            return tenant.Log.Where(stored => stored.Id > after);
        }

        return tenant.Log.GroupBy(stored => stored.Name).Select(group => group.Last()).OrderBy(stored => stored.Id);
    }

    private sealed record Stored(long Id, string Name, string Data);

    private sealed record Member(TestUser User, GatewayClient Gateway, AuthenticationHeaderValue Auth);

    private sealed record Tenant(int Index, string Name)
    {
        public List<Member> Users { get; } = [];

        public List<Stored> Log { get; } = [];
    }

    /// <summary>An open stream and the frames it still has to receive, in order.</summary>
    private sealed class Watcher(Tenant tenant, EventStream stream) : IAsyncDisposable
    {
        private static int _framesChecked;
        private readonly Queue<Stored> _expected = new();

        public static int FramesChecked => _framesChecked;

        public Tenant Tenant => tenant;

        public long LastSeen { get; private set; }

        public void Expect(Stored stored) => _expected.Enqueue(stored);

        /// <summary>Reads every frame owed so far, each of which must be exactly the next one expected.</summary>
        public async Task CatchUpAsync()
        {
            while (_expected.TryDequeue(out var next))
            {
                var frame = await stream.NextAsync() ?? throw new InvalidOperationException(
                    $"The stream of tenant {tenant.Index} ended before id {next.Id}");
                Assert.True(frame.Data.StartsWith($"{{\"tenant\":{tenant.Index},", StringComparison.Ordinal),
                    $"A client of tenant {tenant.Index} received another tenant's event: {frame.Data}");
                Assert.Equal((next.Id, next.Name, next.Data), (frame.Id, frame.Event, frame.Data));
                LastSeen = frame.Id;
                Interlocked.Increment(ref _framesChecked);
            }
        }

        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }
}
