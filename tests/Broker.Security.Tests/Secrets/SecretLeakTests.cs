using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Broker.Testing;
using Xunit.Abstractions;

namespace Broker.Security.Secrets;

/// <summary>
/// A full scenario with every kind of secret (passwords, TOTP secret and codes, reset codes, JWTs, Biscuit
/// tokens, the admin token and JWT secret, event data), after which nothing the silo or any gateway wrote
/// contains one, and no refusal or user object repeats one.
/// </summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class SecretLeakTests(SecurityCluster cluster, ITestOutputHelper output)
{
    private readonly List<(string What, Reply Reply)> _replies = [];
    private readonly SecretSet _secrets = new();

    [Fact]
    public async Task NoSecret_ReachesALog_OrARefusal()
    {
        _secrets.Add("admin token", cluster.AdminToken);
        _secrets.Add("JWT secret", cluster.JwtSecret);
        var alice = TestUser.Unique("leak-alice") with { Password = "alice pw " + TestUser.RandomText() };
        var bob = TestUser.Unique("leak-bob", alice.Tenant) with { Password = "bob pw " + TestUser.RandomText() };
        _secrets.Add("alice's password", alice.Password);
        _secrets.Add("bob's password", bob.Password);
        var userData = "user data " + TestUser.RandomText();
        _secrets.Add("user data", userData);

        await RunScenarioAsync(alice, bob, userData);
        await FlushLogsAsync();

        var logs = cluster.ReadAllLogs();
        var leaks = _secrets.FoundIn(logs).ToList();
        output.WriteLine($"{_secrets.Count} secrets searched for in {logs.Length} characters of log output.");
        Assert.True(leaks.Count == 0, "Secrets in the logs: " + string.Join(", ", leaks));
        SuiteReport.CountRepelled(_secrets.Count);

        foreach (var (what, reply) in _replies.Where(r => r.Reply.Status != HttpStatusCode.OK))
        {
            var echoed = _secrets.FoundIn(reply.Body).ToList();
            Assert.True(echoed.Count == 0, $"{what} answered {reply.Body}, repeating {string.Join(", ", echoed)}");
        }

        output.WriteLine(SuiteReport.Line);
    }

    private async Task RunScenarioAsync(TestUser alice, TestUser bob, string userData)
    {
        var main = cluster.Main;
        var second = cluster.Second;
        await UserObjectAsync("create alice", main.AdminAsync("/create_user", new JsonObject
        {
            ["username"] = alice.Username, ["password"] = alice.Password, ["tenant_name"] = alice.Tenant,
            ["two_factor"] = true, ["email"] = "alice@example.org", ["scopes"] = new JsonArray("events:read"),
            ["data"] = new JsonObject { ["note"] = userData },
        }));
        await UserObjectAsync("create bob", main.AdminAsync("/create_user", new JsonObject
        {
            ["username"] = bob.Username, ["password"] = bob.Password, ["tenant_name"] = bob.Tenant,
        }));

        var qr = await Keep("create_qr", main.AdminAsync("/create_qr",
            new JsonObject { ["username"] = alice.Username, ["issuer"] = "Leak" }));
        var qrText = qr.AssertOk()["qr"]!.GetValue<string>();
        _secrets.Add("QR code", qrText[^64..]);
        var totp = await Totp.EnrolAsync(main, alice, "Leak");
        _secrets.Add("TOTP secret", totp.Base32Secret);

        // Refusals carrying secrets: a wrong code, a missing code, a wrong password, malformed fields.
        var wrongCode = totp.Wrong(0);
        _secrets.AddCode("wrong TOTP code", wrongCode);
        await Keep("wrong code", main.LoginRawAsync(alice.Username, alice.Password, wrongCode));
        await Keep("no code", main.LoginRawAsync(alice.Username, alice.Password));
        var wrongPassword = "wrong pw " + TestUser.RandomText();
        _secrets.Add("a wrong password", wrongPassword);
        await Keep("wrong password", second.LoginRawAsync(bob.Username, wrongPassword));
        await Keep("basic wrong password", second.GetAsync("/verify", AuthHeaders.Basic(bob.Username, wrongPassword)));
        await Keep("totp as a number", main.PostAsync("/login",
            $"{{\"username\":\"{alice.Username}\",\"password\":\"{alice.Password}\",\"totp\":123456}}"));
        await Keep("password twice", main.PostAsync("/login",
            $"{{\"username\":\"{bob.Username}\",\"password\":\"{bob.Password}\",\"password\":\"{bob.Password}\"}}"));
        await Keep("wrong admin token", main.PostAsync("/list_users", $"{{\"admin_token\":\"{wrongPassword}\"}}"));

        var code = totp.Now();
        _secrets.AddCode("TOTP code", code);
        var aliceJwt = (await Keep("alice login", main.LoginRawAsync(alice.Username, alice.Password, code)))
            .AssertOk()["jwt"]!.GetValue<string>();
        AddJwt("alice's JWT", aliceJwt);
        var aliceAuth = AuthHeaders.Bearer(aliceJwt);
        await Keep("replayed code", second.LoginRawAsync(alice.Username, alice.Password, code));
        var bobJwt = await second.LoginAsync(bob);
        AddJwt("bob's JWT", bobJwt);

        await using (var stream = await main.OpenStreamAsync(aliceAuth))
        {
            var first = "event data " + TestUser.RandomText();
            var second2 = "event data " + TestUser.RandomText();
            _secrets.Add("event data", first);
            _secrets.Add("event data", second2);
            await second.InsertAsync(bob.Basic, "card", $"{{\"number\":\"{first}\"}}");
            await main.InsertAsync(aliceAuth, "card", $"{{\"number\":\"{second2}\",\"n\":[1,2,{{\"x\":null}}]}}");
            await Keep("bad event data", main.PostAsync("/insert",
                $"{{\"event\":\"card\",\"data\":{{\"number\":\"{first}\"", aliceAuth));
            await stream.ReadThroughAsync(2);
        }

        foreach (var (name, auth) in new[] { ("alice", aliceAuth), ("bob", bob.Basic) })
        {
            var token = (await Keep($"verify {name}", second.GetAsync("/verify", auth))).AssertOk()["token"]!.AsArray()
                .Select(b => (byte)b!.GetValue<int>()).ToArray();
            _secrets.Add($"{name}'s Biscuit (base64)", Convert.ToBase64String(token)[^48..]);
            _secrets.Add($"{name}'s Biscuit (hex)", Convert.ToHexString(token)[^64..]);
            _secrets.Add($"{name}'s Biscuit (hex)", Convert.ToHexStringLower(token)[^64..]);
            _secrets.Add($"{name}'s Biscuit (bytes)", string.Join(",", token.TakeLast(24)));
        }

        var resetCode = (await Keep("create_totp", main.AdminAsync("/create_totp",
            new JsonObject { ["username"] = bob.Username }))).AssertOk()["totp"]!.GetValue<string>();
        _secrets.AddCode("reset code", resetCode);
        var newPassword = "bob new pw " + TestUser.RandomText();
        _secrets.Add("bob's new password", newPassword);
        await Keep("reset with a login code", second.PostAsync("/password_reset", new JsonObject
        {
            ["username"] = bob.Username, ["password"] = newPassword, ["totp"] = Totp.Other(resetCode, 0),
        }));
        (await Keep("reset", second.PostAsync("/password_reset", new JsonObject
        {
            ["username"] = bob.Username, ["password"] = newPassword, ["totp"] = resetCode,
        }))).AssertOk();
        AddJwt("bob's second JWT", await main.LoginAsync(bob with { Password = newPassword }));

        var alicePassword = "alice new pw " + TestUser.RandomText();
        _secrets.Add("alice's new password", alicePassword);
        await UserObjectAsync("update alice", main.AdminAsync("/update_user",
            new JsonObject { ["username"] = alice.Username, ["password"] = alicePassword }));
        await UserObjectAsync("get alice",
            second.AdminAsync("/get_user", new JsonObject { ["username"] = alice.Username }));
        var list = await Keep("list", main.AdminAsync("/list_users", new JsonObject()));
        Assert.DoesNotContain(_secrets.FoundIn(list.Body),
            found => !found.StartsWith("user data", StringComparison.Ordinal));
        await Keep("old JWT", main.GetAsync("/verify", aliceAuth));
    }

    /// <summary>Waits until a line each process writes after the scenario is in its file, and so all before.</summary>
    private async Task FlushLogsAsync()
    {
        var marker = TestUser.UniqueName("flush");
        await cluster.Main.CreateUserAsync(new TestUser(marker, "flush pw", "flush-tenant"));
        await Eventually.True(() => Task.FromResult(SecurityCluster.ReadShared(cluster.SiloLogFile)
            .Contains($"Created user {marker}", StringComparison.Ordinal)), "the silo's flush line");
        foreach (var (name, gateway) in new[] { ("main", cluster.Main), ("second", cluster.Second) })
        {
            var refused = TestUser.UniqueName("flush-nobody");
            await gateway.LoginRawAsync(refused, "x");
            await Eventually.True(() => Task.FromResult(SecurityCluster.ReadShared(cluster.GatewayLogFile(name))
                .Contains($"Login of {refused} refused", StringComparison.Ordinal)),
                $"the {name} gateway's flush line");
        }
    }

    private void AddJwt(string what, string jwt)
    {
        _secrets.Add(what, jwt);
        _secrets.Add(what + " signature", jwt[(jwt.LastIndexOf('.') + 1)..]);
    }

    private async Task<Reply> Keep(string what, Task<Reply> sending)
    {
        var reply = await sending;
        _replies.Add((what, reply));
        return reply;
    }

    /// <summary>A reply holding one user: both secrets masked, none of the known secrets anywhere in it.</summary>
    private async Task UserObjectAsync(string what, Task<Reply> sending)
    {
        var reply = await Keep(what, sending);
        var user = reply.AssertOk();
        Assert.Equal("***", user["password"]!.GetValue<string>());
        Assert.Equal("***", user["totp"]!.GetValue<string>());
        Assert.DoesNotContain(_secrets.FoundIn(reply.Body),
            found => !found.StartsWith("user data", StringComparison.Ordinal));
    }

    /// <summary>
    /// The secrets to search for. A six-digit code counts only as a token of its own: inside a longer number, a
    /// hex id or an event id in brackets (Orleans has six-digit ones) it is a coincidence, not a leak.
    /// </summary>
    private sealed class SecretSet
    {
        private readonly List<(string What, string Value)> _plain = [];
        private readonly List<(string What, Regex Pattern)> _codes = [];

        public int Count => _plain.Count + _codes.Count;

        public void Add(string what, string value) => _plain.Add((what, value));

        public void AddCode(string what, string code) =>
            _codes.Add((what, new Regex($"(?<![0-9A-Za-z\\[]){Regex.Escape(code)}(?![0-9A-Za-z\\]])",
                RegexOptions.CultureInvariant)));

        public IEnumerable<string> FoundIn(string text) =>
            _plain.Where(s => text.Contains(s.Value, StringComparison.Ordinal)).Select(s => s.What)
                .Concat(_codes.Where(c => c.Pattern.IsMatch(text)).Select(c => c.What));
    }
}
