namespace Broker.Security.BadInput;

/// <summary>Wrong methods, unknown paths and malformed credentials on the user endpoints.</summary>
public static class TransportProbes
{
    private static readonly string[] GetPaths = ["/sse", "/verify", "/public_key", "/"];

    public static IEnumerable<Probe> For(IReadOnlyList<PostEndpoint> endpoints, FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(targets);
        var notAllowed = HttpStatusCode.MethodNotAllowed;
        foreach (var endpoint in endpoints)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            {
                var body = method == HttpMethod.Get ? null : Encoding.UTF8.GetBytes(endpoint.Body.ToJsonString());
                yield return new Probe($"{method} instead of POST", notAllowed, method, endpoint.Path, body);
            }

            yield return new Probe("OPTIONS that is no preflight", notAllowed, HttpMethod.Options, endpoint.Path, null);
        }

        foreach (var path in GetPaths)
        {
            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            {
                yield return new Probe($"{method} on a GET endpoint", notAllowed, method, path, "{}"u8.ToArray(),
                    "application/json", targets.VictimBearer);
            }
        }

        foreach (var path in new[]
        {
            "/nothing-here", "/create_user/extra", "/sse/x", "/admin", "/%2e%2e/etc/passwd", "/login%2f..",
            "/.env", "/api/create_user",
        })
        {
            yield return new Probe("an unknown path", HttpStatusCode.NotFound, HttpMethod.Post, path,
                "{}"u8.ToArray());
        }

        foreach (var (name, header) in BadCredentials(targets))
        {
            yield return new Probe($"GET /sse with {name}", HttpStatusCode.Unauthorized, HttpMethod.Get, "/sse",
                Authorization: header);
            yield return new Probe($"GET /verify with {name}", HttpStatusCode.Unauthorized, HttpMethod.Get,
                "/verify", Authorization: header);
            yield return new Probe($"POST /insert with {name}", HttpStatusCode.Unauthorized, HttpMethod.Post,
                "/insert", "{\"event\":\"e\",\"data\":1}"u8.ToArray(), Authorization: header);
        }
    }

    /// <summary>Authorization headers that must never authenticate anyone.</summary>
    public static IEnumerable<(string Name, string? Header)> BadCredentials(FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var jwt = targets.VictimBearer["Bearer ".Length..];
        string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        yield return ("no Authorization header", null);
        yield return ("an empty Authorization header", "");
        yield return ("a bare Bearer", "Bearer");
        yield return ("a garbage token", "Bearer not-a-token");
        yield return ("three empty JWT parts", "Bearer ..");
        yield return ("a JWT with a changed signature", "Bearer " + jwt[..^2] + (jwt[^2] == 'A' ? "BB" : "AA"));
        yield return ("a JWT with its signature cut", "Bearer " + jwt[..jwt.LastIndexOf('.')] + ".");
        yield return ("a JWT and more", "Bearer " + jwt + " extra");
        yield return ("8 KB of token", "Bearer " + new string('a', 8 * 1024));
        yield return ("a bare Basic", "Basic");
        yield return ("Basic that is not base64", "Basic !!!!");
        yield return ("Basic without a colon", "Basic " + Base64(targets.Victim));
        yield return ("Basic with an empty username", "Basic " + Base64(":password"));
        yield return ("Basic with a control character", "Basic " + Base64("vic\u0001tim:password"));
        yield return ("Basic with a 65-character username", "Basic " + Base64(new string('u', 65) + ":pw"));
        yield return ("Basic of invalid UTF-8", "Basic " + Convert.ToBase64String([0x75, 0xFF, 0x3A, 0x70]));
        yield return ("Basic with a second parameter", "Basic " + Base64(targets.Victim + ":pw") + " more");
        yield return ("Basic of an unknown user", "Basic " + Base64(targets.Stranger + ":pw"));
        yield return ("the Digest scheme", "Digest username=\"" + targets.Victim + "\"");
        yield return ("the Negotiate scheme", "Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagMDAuBgkqhkiC9xIBAgI");
        yield return ("the token without a scheme", jwt);
    }
}
