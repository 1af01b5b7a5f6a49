namespace Broker.Security.BadInput;

/// <summary>Well-formed JSON bodies whose fields break the contract: types, presence, names, passwords.</summary>
public static class FieldProbes
{
    /// <summary>Control characters (Unicode Cc), including the newline and carriage return of SSE framing.</summary>
    private static readonly string[] ControlCharacters =
        ["\u0000", "\u0001", "\n", "\r", "\t", "\u001b", "\u007f", "\u0085", "\u009f"];

    private static readonly (string Name, Func<JsonNode?> Value)[] WrongTypes =
    [
        ("a number", () => 42),
        ("a fraction", () => 1.5e300),
        ("true", () => true),
        ("an empty array", () => new JsonArray()),
        ("an array of a string", () => new JsonArray("x")),
        ("an object", () => new JsonObject { ["x"] = "y" }),
    ];

    public static IEnumerable<Probe> For(PostEndpoint endpoint, FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(targets);
        var auth = endpoint.UserAuth ? targets.VictimBearer : null;
        Probe Send(string name, JsonObject body, HttpStatusCode expected = HttpStatusCode.BadRequest) =>
            new(name, expected, HttpMethod.Post, endpoint.Path, Encoding.UTF8.GetBytes(body.ToJsonString()),
                "application/json", auth);
        Probe SendRaw(string name, string body) =>
            new(name, HttpStatusCode.BadRequest, HttpMethod.Post, endpoint.Path, Encoding.UTF8.GetBytes(body),
                "application/json", auth);

        foreach (var field in endpoint.Required)
        {
            yield return Send($"'{field}' missing", endpoint.Without(field));
            yield return Send($"'{field}' null", endpoint.With(field, null));
            foreach (var (name, value) in WrongTypes)
            {
                yield return Send($"'{field}' is {name}", endpoint.With(field, value()));
            }

            yield return SendRaw($"'{field}' is a lone surrogate",
                endpoint.With(field, "@").ToJsonString().Replace("\"@\"", "\"\\ud800\"", StringComparison.Ordinal));
        }

        foreach (var field in endpoint.Names)
        {
            foreach (var probe in NameProbes(field, endpoint, Send))
            {
                yield return probe;
            }
        }

        foreach (var field in endpoint.Passwords)
        {
            yield return Send($"'{field}' empty", endpoint.With(field, ""));
            yield return Send($"'{field}' of 73 ASCII bytes", endpoint.With(field, new string('p', 73)));
            yield return Send($"'{field}' of 25 characters but 75 bytes",
                endpoint.With(field, new string('\u20ac', 25)));
            yield return Send($"'{field}' with a NUL", endpoint.With(field, "pass\u0000word"));
            yield return Send($"'{field}' of 300 KB", endpoint.With(field, new string('p', 300_000)));
        }

        if (endpoint.Admin)
        {
            foreach (var token in new JsonNode?[] { null, "", "wrong", 7, new JsonArray(targets.AdminToken) })
            {
                yield return Send($"admin_token {token?.ToJsonString() ?? "null"}", endpoint.With("admin_token", token),
                    HttpStatusCode.Unauthorized);
            }

            yield return Send("admin_token missing", endpoint.Without("admin_token"), HttpStatusCode.Unauthorized);
        }
    }

    private static IEnumerable<Probe> NameProbes(string field, PostEndpoint endpoint,
        Func<string, JsonObject, HttpStatusCode, Probe> send)
    {
        var bad = HttpStatusCode.BadRequest;
        yield return send($"'{field}' empty", endpoint.With(field, ""), bad);
        yield return send($"'{field}' of 65 characters", endpoint.With(field, new string('n', 65)), bad);
        yield return send($"'{field}' of 65 emoji halves", endpoint.With(field, string.Concat(
            Enumerable.Repeat("\U0001F600", 33))), bad);
        yield return send($"'{field}' of 900 KB", endpoint.With(field, new string('n', 900_000)), bad);
        foreach (var control in ControlCharacters)
        {
            yield return send($"'{field}' with U+{(int)control[0]:X4}", endpoint.With(field, $"a{control}b"), bad);
        }

        yield return send($"'{field}' that is only a newline", endpoint.With(field, "\n"), bad);
    }
}
