namespace Broker.Security.BadInput;

/// <summary>Invalid values of the fields only some endpoints have: profile fields, the issuer, events.</summary>
public static class SpecificProbes
{
    public static IEnumerable<Probe> For(PostEndpoint endpoint, FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(targets);
        var auth = endpoint.UserAuth ? targets.VictimBearer : null;
        Probe Send(string name, string body, HttpStatusCode expected = HttpStatusCode.BadRequest) =>
            new(name, expected, HttpMethod.Post, endpoint.Path, Encoding.UTF8.GetBytes(body), "application/json", auth);
        Probe With(string field, JsonNode? value) =>
            Send($"'{field}' = {Show(value)}", endpoint.With(field, value).ToJsonString());
        Probe WithRaw(string field, string rawJson) =>
            Send($"'{field}' = {rawJson}", endpoint.Body.ToJsonString()[..^1] + $",\"{field}\":{rawJson}}}");

        switch (endpoint.Path)
        {
            case "/create_user" or "/update_user":
                foreach (var email in new JsonNode?[]
                {
                    42, "not-an-email", "a@b", "a b@example.org", "x@mailinator.com", "x@guerrillamail.com",
                    "Bob <bob@example.org>", new string('e', 300) + "@example.org", "a@b@example.org",
                })
                {
                    yield return With("email", email);
                }

                foreach (var scopes in new[]
                {
                    "\"a:b\"", "[1]", "[[\"a:b\"]]", "[\"nocolon\"]", "[\":x\"]", "[\"x:\"]", "[\"a:b:c\"]",
                    "[\"a:\\u0001\"]", "[\"\\ud800:x\"]", "[null]", "{\"a\":\"b\"}", ManyScopes(101),
                })
                {
                    yield return WithRaw("scopes", scopes);
                }

                foreach (var twoFactor in new[] { "\"yes\"", "1", "[]", "{}" })
                {
                    yield return WithRaw("two_factor", twoFactor);
                }

                yield return WithRaw("data", BodyProbes.Nest(65));
                yield return WithRaw("data", "{\"a\":1,\"a\":2}");
                yield return WithRaw("data", "{\"k\":{\"x\":true,\"x\":false}}");
                yield return Send("'data' over 16 KiB",
                    endpoint.With("data", new JsonObject { ["big"] = new string('d', 17 * 1024) }).ToJsonString());
                if (endpoint.Path == "/update_user")
                {
                    yield return With("tenant_name", null);
                    yield return With("password", null);
                    yield return Send("a valid password next to an invalid email",
                        endpoint.With("password", "another password").ToJsonString()[..^1] + ",\"email\":\"bad\"}");
                }

                break;

            case "/create_qr":
                foreach (var issuer in new JsonNode?[]
                {
                    "", "a\u0001b", "line\nbreak", new string('i', 257), new string('\u6f22', 256),
                    string.Concat(Enumerable.Repeat("\U0001F511", 128)) + "x",
                })
                {
                    yield return With("issuer", issuer);
                }

                break;

            case "/insert":
                foreach (var name in new[]
                {
                    "a:b", "event:x", "id:5", "data:x", ":", "a\nid:1", "a\ndata:{}", "a\r\nb", "a\rb", "retry:1",
                })
                {
                    yield return With("event", name);
                }

                yield return Send("'data' missing", endpoint.Without("data").ToJsonString());
                yield return WithRaw("data", "{\"a\":1,\"a\":2}");
                yield return WithRaw("data", "[{\"k\":[{\"x\":1,\"x\":1}]}]");
                yield return WithRaw("data", BodyProbes.Nest(65));
                yield return Send("'data' one byte over the event limit",
                    endpoint.With("data", new string('d', targets.MaxEventBytes - 1)).ToJsonString(),
                    HttpStatusCode.RequestEntityTooLarge);
                break;
        }
    }

    private static string ManyScopes(int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"r{i}:read\"")) + "]";

    private static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 40 ? text[..40] + "..." : text;
    }
}
