using System.Net.Http.Headers;

namespace Broker.EndToEnd.Http;

/// <summary>A response as a client sees it: status, headers and the whole body as text.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, HttpResponseHeaders Headers,
    HttpContentHeaders ContentHeaders)
{
    /// <summary>The body parsed as JSON; fails the test when it is not JSON.</summary>
    public JsonNode Json
    {
        get
        {
            try
            {
                return JsonNode.Parse(Body) ?? JsonValue.Create((string?)null)!;
            }
            catch (System.Text.Json.JsonException e)
            {
                Assert.Fail($"The body is not JSON ({e.Message}): {Body}");
                throw;
            }
        }
    }

    public string? ContentType => ContentHeaders.ContentType?.MediaType;

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public ApiResponse AssertStatus(HttpStatusCode expected)
    {
        if (Status != expected)
        {
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)Status} {Status}: {Body}");
        }

        return this;
    }

    /// <summary>Asserts a 200 with a JSON body, and returns the body.</summary>
    public JsonNode AssertOk()
    {
        AssertStatus(HttpStatusCode.OK);
        Assert.Equal("application/json", ContentType);
        return Json;
    }

    /// <summary>Asserts the exact failure a user sees: the status and the body <c>{"error": message}</c>.</summary>
    public void AssertError(HttpStatusCode status, string message)
    {
        AssertStatus(status);
        Assert.Equal("application/json", ContentType);
        JsonAssert.Equal(new JsonObject { ["error"] = message }, Json);
    }

    /// <summary>
    /// Asserts the status and that the body is <c>{"error": "..."}</c> with a message for a person, where the
    /// wording is not part of the contract.
    /// </summary>
    public string AssertErrorShape(HttpStatusCode status)
    {
        AssertStatus(status);
        Assert.Equal("application/json", ContentType);
        var body = Assert.IsType<JsonObject>(Json);
        Assert.Equal(["error"], body.Select(member => member.Key));
        var message = body["error"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }
}
