using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Broker.EndToEnd.Http;

/// <summary>Drives a gateway over real HTTP, as a client application would.</summary>
public sealed class BrokerApi : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http;

    public BrokerApi(Uri baseAddress, string adminToken)
    {
        // No client-wide time-out: streams stay open for as long as a test reads them.
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        AdminToken = adminToken;
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public string AdminToken { get; }

    /// <summary>POSTs <paramref name="body"/> serialized as JSON.</summary>
    public Task<ApiResponse> PostAsync(string path, object body, AuthenticationHeaderValue? auth = null) =>
        PostRawAsync(path, body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body), auth);

    /// <summary>POSTs <paramref name="body"/> exactly as given.</summary>
    public Task<ApiResponse> PostRawAsync(string path, string body, AuthenticationHeaderValue? auth = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = auth;
        return SendAsync(request);
    }

    /// <summary>POSTs <paramref name="body"/> as UTF-8 after a byte order mark, as some Windows tools do.</summary>
    public Task<ApiResponse> PostWithByteOrderMarkAsync(string path, string body,
        AuthenticationHeaderValue? auth = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(body)]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = auth;
        return SendAsync(request);
    }

    public Task<ApiResponse> GetAsync(string path, AuthenticationHeaderValue? auth = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        return SendAsync(request);
    }

    /// <summary>Sends a request and reads the whole response.</summary>
    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var cts = new CancellationTokenSource(RequestTimeout);
            using var response = await _http.SendAsync(request, cts.Token);
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            return new ApiResponse(response.StatusCode, body, response.Headers, response.Content.Headers);
        }
    }

    /// <summary>Creates <paramref name="user"/>, with further fields from <paramref name="extra"/>.</summary>
    public async Task<JsonObject> CreateUserAsync(TestUser user, Action<JsonObject>? extra = null)
    {
        var body = new JsonObject
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["tenant_name"] = user.Tenant,
            ["admin_token"] = AdminToken,
        };
        extra?.Invoke(body);
        var response = await PostAsync("/create_user", body);
        return Assert.IsType<JsonObject>(response.AssertOk());
    }

    /// <summary>Calls an admin endpoint with the right admin token and <paramref name="fields"/>.</summary>
    public Task<ApiResponse> AdminAsync(string path, JsonObject fields)
    {
        fields["admin_token"] ??= AdminToken;
        return PostAsync(path, fields);
    }

    public Task<ApiResponse> LoginRawAsync(string username, string password, string? totp = null)
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
        var body = (await LoginRawAsync(user.Username, user.Password, totp)).AssertOk();
        return body["jwt"]!.GetValue<string>();
    }

    public async Task<AuthenticationHeaderValue> BearerAsync(TestUser user) =>
        Credentials.Bearer(await LoginAsync(user));

    public Task<ApiResponse> InsertRawAsync(AuthenticationHeaderValue? auth, string eventName, string dataJson) =>
        PostRawAsync("/insert", $$"""{"event":{{JsonSerializer.Serialize(eventName)}},"data":{{dataJson}}}""", auth);

    /// <summary>Inserts an event and returns its id.</summary>
    public async Task<string> InsertAsync(AuthenticationHeaderValue auth, string eventName, string dataJson)
    {
        var body = (await InsertRawAsync(auth, eventName, dataJson)).AssertOk();
        return body["id"]!.GetValue<string>();
    }

    /// <summary>Opens <c>/sse</c> and asserts that the stream starts (200, event-stream headers).</summary>
    public async Task<SseStream> OpenStreamAsync(AuthenticationHeaderValue auth, string? lastEventId = null,
        string? lastEventIdQuery = null)
    {
        var path = lastEventIdQuery is null ? "/sse" : $"/sse?last_event_id={Uri.EscapeDataString(lastEventIdQuery)}";
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return await SseStream.OpenAsync(_http, request);
    }

    public void Dispose() => _http.Dispose();
}
