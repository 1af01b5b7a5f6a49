using System.Net.Http.Headers;
using System.Text.Json;

namespace Broker.Security.Harness;

/// <summary>A response as a client sees it: status, headers and the whole body.</summary>
public sealed record Reply(HttpStatusCode Status, byte[] BodyBytes, HttpResponseHeaders Headers,
    HttpContentHeaders ContentHeaders)
{
    public string Body => Encoding.UTF8.GetString(BodyBytes);

    public string? ContentType => ContentHeaders.ContentType?.MediaType;

    /// <summary>Whole seconds of <c>Retry-After</c>, or null when there is none.</summary>
    public int? RetryAfterSeconds => Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null;

    public JsonNode? Json
    {
        get
        {
            try
            {
                return JsonNode.Parse(BodyBytes);
            }
            catch (JsonException e)
            {
                Assert.Fail($"The body is not JSON ({e.Message}): {Body}");
                throw;
            }
        }
    }

    public Reply AssertStatus(HttpStatusCode expected)
    {
        if (Status != expected)
        {
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)Status} {Status}: {Body}");
        }

        return this;
    }

    /// <summary>Asserts a 200 with a JSON body and returns the body.</summary>
    public JsonNode AssertOk()
    {
        AssertStatus(HttpStatusCode.OK);
        Assert.Equal("application/json", ContentType);
        return Json!;
    }

    /// <summary>Asserts the exact status and message a client sees.</summary>
    public void AssertError(HttpStatusCode status, string message)
    {
        AssertStatus(status);
        Assert.Equal(message, ErrorMessage());
    }

    /// <summary>
    /// Asserts a refusal that is the client's fault: a 4xx whose body is exactly <c>{"error": "..."}</c> with a
    /// message for a person. Returns the message.
    /// </summary>
    public string AssertRefused()
    {
        if ((int)Status is < 400 or > 499)
        {
            Assert.Fail($"Expected a 4xx refusal, got {(int)Status} {Status}: {Body}");
        }

        return ErrorMessage();
    }

    /// <summary>The message of an <c>{"error": "..."}</c> body; fails on any other shape.</summary>
    public string ErrorMessage()
    {
        Assert.True(ContentType == "application/json", $"Content-Type {ContentType}, body: {Body}");
        var body = Json as JsonObject;
        Assert.True(body is not null, $"The body is not a JSON object: {Body}");
        Assert.True(body.Count == 1 && body["error"] is JsonValue value &&
            value.GetValueKind() == JsonValueKind.String, $"The body is not {{\"error\": \"...\"}}: {Body}");
        var message = body["error"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(message), $"An empty error message: {Body}");
        return message;
    }
}
