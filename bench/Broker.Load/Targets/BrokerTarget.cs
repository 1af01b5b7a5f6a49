using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Broker.Load.Targets;

/// <summary>
/// Broker's gateway: each channel is a fresh tenant with its own users, created with the admin API and logged
/// in for JWTs. Subscribers share the users of their tenant round robin; each tenant's first user publishes.
/// </summary>
public sealed class BrokerTarget(Uri baseAddress, string adminToken) : LoadTarget(baseAddress)
{
    /// <summary>How many admin or login calls run at once while preparing (bcrypt runs on the silo's cores).</summary>
    private const int PrepareConcurrency = 2;

    /// <summary>Tries of one preparing call that the gateway answered 503 (a silo busy hashing, say).</summary>
    private const int PrepareAttempts = 5;

    private BenchUser[][] _users = [];

    public override string Name => "broker";

    public override bool Resumes => true;

    public override bool HasOrderedIds => true;

    public IReadOnlyList<BenchUser> AllUsers => [.. _users.SelectMany(u => u)];

    public override async Task PrepareAsync(HttpClient http, TargetPlan plan, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(plan);
        await base.PrepareAsync(http, plan, cancellation);
        var run = FreshName("bench-");
        _users = [.. Enumerable.Range(0, plan.Channels).Select(c => Enumerable.Range(0, plan.UsersPerChannel)
            .Select(u => new BenchUser($"{run}-t{c}-u{u}", Password(), $"{run}-t{c}")).ToArray())];

        var all = AllUsers;
        await Parallel.ForEachAsync(all, Options(cancellation), async (user, token) =>
            await CreateAsync(http, user, token));
        await Parallel.ForEachAsync(all, Options(cancellation), async (user, token) =>
            user.Bearer = "Bearer " + await LoginAsync(http, user, token));
    }

    /// <summary>Creates a user with the admin API.</summary>
    public async Task CreateAsync(HttpClient http, BenchUser user, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(user);
        var body = new Dictionary<string, string>
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = adminToken,
        };
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync(new Uri(BaseAddress, "/create_user"), body, cancellation);
            var text = await response.Content.ReadAsStringAsync(cancellation);

            // A 503 may come after the user was stored (a time-out); the retry then finds the name taken.
            if (response.IsSuccessStatusCode ||
                (attempt > 1 && text.Contains("exists", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            await RetryOrThrowAsync(response, text, "create_user", attempt, cancellation);
        }
    }

    /// <summary>Logs a user in and returns the JWT.</summary>
    public async Task<string> LoginAsync(HttpClient http, BenchUser user, CancellationToken cancellation,
        bool retry = true)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(user);
        var body = new Dictionary<string, string> { ["username"] = user.Username, ["password"] = user.Password };
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync(new Uri(BaseAddress, "/login"), body, cancellation);
            var text = await response.Content.ReadAsStringAsync(cancellation);
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(text);
                return json.RootElement.GetProperty("jwt").GetString()
                    ?? throw new InvalidOperationException("login answered without a jwt");
            }

            await RetryOrThrowAsync(response, text, "login", retry ? attempt : PrepareAttempts, cancellation);
        }
    }

    public override HttpRequestMessage PublishRequest(int channel, byte[] data, AuthMode auth)
    {
        ArgumentNullException.ThrowIfNull(data);
        var user = _users[channel][0];
        var body = new byte["{\"event\":\"bench\",\"data\":"u8.Length + data.Length + 1];
        "{\"event\":\"bench\",\"data\":"u8.CopyTo(body);
        data.CopyTo(body, body.Length - data.Length - 1);
        body[^1] = (byte)'}';
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "/insert"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.TryAddWithoutValidation("Authorization", auth == AuthMode.Basic ? user.Basic : user.Bearer);
        return request;
    }

    protected override string SubscribePath(int subscriber) => "/sse";

    protected override string SubscribeHeaders(int subscriber)
    {
        var users = _users[ChannelOf(subscriber)];
        return "Authorization: " + users[subscriber / Plan.Channels % users.Length].Bearer + "\r\n";
    }

    private static ParallelOptions Options(CancellationToken cancellation) =>
        new() { MaxDegreeOfParallelism = PrepareConcurrency, CancellationToken = cancellation };

    private static string Password() => "Pw-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    private static async Task RetryOrThrowAsync(HttpResponseMessage response, string text, string what, int attempt,
        CancellationToken cancellation)
    {
        if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt >= PrepareAttempts)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {text}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2 * attempt), cancellation);
    }
}

/// <summary>A user the benchmark created, with both ways to authenticate.</summary>
public sealed class BenchUser(string username, string password, string tenant)
{
    public string Username => username;

    public string Password => password;

    public string Tenant => tenant;

    /// <summary><c>Bearer &lt;jwt&gt;</c>, once logged in.</summary>
    public string Bearer { get; set; } = string.Empty;

    public string Basic { get; } = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password));
}
