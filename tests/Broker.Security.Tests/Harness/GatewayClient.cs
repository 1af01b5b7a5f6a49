using System.Net.Http.Headers;

namespace Broker.Security.Harness;

/// <summary>Talks to one gateway over real HTTP, counting every request it sends.</summary>
public sealed class GatewayClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http;

    public GatewayClient(Uri baseAddress, string adminToken)
    {
        var sockets = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };

        // No client-wide time-out: streams stay open as long as a test reads them.
        _http = new HttpClient(new CountingHandler(sockets))
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        AdminToken = adminToken;
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The admin token this gateway accepts.</summary>
    public string AdminToken { get; }

    /// <summary>Sends a request and reads the whole response.</summary>
    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using (request)
        {
            using var cts = new CancellationTokenSource(RequestTimeout);
            using var response = await _http.SendAsync(request, cts.Token);
            var body = await response.Content.ReadAsByteArrayAsync(cts.Token);
            return new Reply(response.StatusCode, body, response.Headers, response.Content.Headers);
        }
    }

    /// <summary>POSTs <paramref name="json"/> exactly as given, as <c>application/json</c>.</summary>
    public Task<Reply> PostAsync(string path, string json, AuthenticationHeaderValue? auth = null) =>
        PostBytesAsync(path, Encoding.UTF8.GetBytes(json), "application/json", auth);

    public Task<Reply> PostAsync(string path, JsonNode body, AuthenticationHeaderValue? auth = null) =>
        PostAsync(path, body.ToJsonString(), auth);

    /// <summary>POSTs raw bytes with the given content type (none when null).</summary>
    public Task<Reply> PostBytesAsync(string path, byte[] body, string? contentType,
        AuthenticationHeaderValue? auth = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = auth;
        return SendAsync(request);
    }

    public Task<Reply> GetAsync(string path, AuthenticationHeaderValue? auth = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        return SendAsync(request);
    }

    /// <summary>Calls an admin endpoint with this gateway's admin token added to <paramref name="fields"/>.</summary>
    public Task<Reply> AdminAsync(string path, JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        fields["admin_token"] ??= AdminToken;
        return PostAsync(path, fields);
    }

    /// <summary>Creates <paramref name="user"/> (with further fields from <paramref name="extra"/>).</summary>
    public async Task<JsonObject> CreateUserAsync(TestUser user, Action<JsonObject>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var body = new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
        };
        extra?.Invoke(body);
        return (JsonObject)(await AdminAsync("/create_user", body)).AssertOk();
    }

    public Task<Reply> LoginRawAsync(string username, string password, string? totp = null)
    {
        var body = new JsonObject { ["username"] = username, ["password"] = password };
        if (totp is not null)
        {
            body["totp"] = totp;
        }

        return PostAsync("/login", body);
    }

    /// <summary>Logs in and returns the JWT.</summary>
    public async Task<string> LoginAsync(TestUser user, string? totp = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        return (await LoginRawAsync(user.Username, user.Password, totp)).AssertOk()["jwt"]!.GetValue<string>();
    }

    public async Task<AuthenticationHeaderValue> BearerAsync(TestUser user) =>
        AuthHeaders.Bearer(await LoginAsync(user));

    /// <summary>Inserts an event and returns its id.</summary>
    public async Task<long> InsertAsync(AuthenticationHeaderValue auth, string eventName, string dataJson)
    {
        var body = $$"""{"event":{{System.Text.Json.JsonSerializer.Serialize(eventName)}},"data":{{dataJson}}}""";
        var reply = await PostAsync("/insert", body, auth);
        var id = reply.AssertOk()["id"]!.GetValue<string>();
        return long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sends <c>GET /sse</c> and returns the response with its headers read, body still open.</summary>
    public async Task<HttpResponseMessage> StartStreamAsync(AuthenticationHeaderValue? auth,
        string? lastEventId = null, string? lastEventIdQuery = null)
    {
        var path = lastEventIdQuery is null ? "/sse" : $"/sse?last_event_id={Uri.EscapeDataString(lastEventIdQuery)}";
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        using var cts = new CancellationTokenSource(RequestTimeout);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
    }

    /// <summary>Opens <c>/sse</c> and asserts that the stream starts.</summary>
    public async Task<EventStream> OpenStreamAsync(AuthenticationHeaderValue auth, string? lastEventId = null)
    {
        var response = await StartStreamAsync(auth, lastEventId);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            Assert.Fail($"/sse answered {(int)response.StatusCode}: {body}");
        }

        return await EventStream.StartAsync(response);
    }

    public void Dispose() => _http.Dispose();

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            SuiteReport.CountRequest();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
