using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Broker.Cluster.Tests.Nodes;

/// <summary>A user created by a test, with unique names.</summary>
public sealed record ClusterUser(string Username, string Password, string Tenant)
{
    public static ClusterUser Unique(string label, string tenant) =>
        new($"{label}-{Guid.NewGuid().ToString("N")[..10]}", "a password of " + Guid.NewGuid().ToString("N"), tenant);

    public static string UniqueTenant(string label) => $"{label}-{Guid.NewGuid().ToString("N")[..10]}";

    public AuthenticationHeaderValue Basic =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
}

/// <summary>The answer to one request: its status, body and how long it took.</summary>
public sealed record Answer(HttpStatusCode Status, string Body, TimeSpan Elapsed)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public Answer AssertStatus(HttpStatusCode expected)
    {
        if (Status != expected)
        {
            Assert.Fail($"Expected {(int)expected}, got {(int)Status}: {Body}");
        }

        return this;
    }
}

/// <summary>One gateway's HTTP API, driven over real HTTP on 127.0.0.1.</summary>
public sealed class GatewayApi : IDisposable
{
    /// <summary>Long enough that only a hung request reaches it; a test that meets it fails.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;

    public GatewayApi(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public HttpClient Http => _http;

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? body = null,
        AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = auth;
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return new Answer(response.StatusCode, text, clock.Elapsed);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {path} on {BaseAddress} did not answer within {RequestTimeout}.");
        }
    }

    public Task<Answer> PostAsync(string path, JsonObject body, AuthenticationHeaderValue? auth = null) =>
        SendAsync(HttpMethod.Post, path, body.ToJsonString(), auth);

    public Task<Answer> AdminAsync(string path, JsonObject fields)
    {
        fields["admin_token"] = MultiNodeCluster.AdminToken;
        return PostAsync(path, fields);
    }

    public async Task CreateUserAsync(ClusterUser user) =>
        (await AdminAsync("/create_user", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
        })).AssertStatus(HttpStatusCode.OK);

    public async Task<AuthenticationHeaderValue> BearerAsync(ClusterUser user)
    {
        var answer = (await PostAsync("/login", new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
        })).AssertStatus(HttpStatusCode.OK);
        return new AuthenticationHeaderValue("Bearer", answer.Json!["jwt"]!.GetValue<string>());
    }

    public Task<Answer> InsertAsync(AuthenticationHeaderValue auth, string eventName, string dataJson) =>
        SendAsync(HttpMethod.Post, "/insert",
            $$"""{"event":{{JsonSerializer.Serialize(eventName)}},"data":{{dataJson}}}""", auth);

    /// <summary>Inserts and returns the new id, failing the test on anything but a 200.</summary>
    public async Task<long> InsertOkAsync(AuthenticationHeaderValue auth, string eventName, string dataJson)
    {
        var answer = (await InsertAsync(auth, eventName, dataJson)).AssertStatus(HttpStatusCode.OK);
        return long.Parse(answer.Json!["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _http.Dispose();
}
