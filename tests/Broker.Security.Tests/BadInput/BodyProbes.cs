namespace Broker.Security.BadInput;

/// <summary>Bodies that are not one well-formed JSON object of unique members within the size limit.</summary>
public static class BodyProbes
{
    private static readonly (string Name, byte[] Bytes)[] InvalidUtf8 =
    [
        ("a truncated two-byte sequence", [0xC3, 0x28]),
        ("a lone continuation byte", [0x80]),
        ("a truncated three-byte sequence", [0xE2, 0x28, 0xA1]),
        ("a truncated four-byte sequence", [0xF0, 0x28, 0x8C, 0xBC]),
        ("the byte 0xFF", [0xFF]),
        ("an overlong slash", [0xC0, 0xAF]),
        ("an encoded surrogate", [0xED, 0xA0, 0x80]),
        ("a code point past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
    ];

    public static IEnumerable<Probe> For(PostEndpoint endpoint, FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(targets);
        var auth = endpoint.UserAuth ? targets.VictimBearer : null;
        var bad = HttpStatusCode.BadRequest;
        var json = endpoint.Body.ToJsonString();
        Probe Raw(string name, string body, HttpStatusCode expected, string? contentType = "application/json") =>
            new(name, expected, HttpMethod.Post, endpoint.Path, Encoding.UTF8.GetBytes(body), contentType, auth);

        yield return new Probe("no body at all", bad, HttpMethod.Post, endpoint.Path, null, null, auth);
        yield return Raw("an empty body", "", bad);
        yield return Raw("a blank body", " \r\n\t ", bad);
        foreach (var notAnObject in new[] { "null", "[]", "[{}]", "\"text\"", "42", "true", "-0.5e3" })
        {
            yield return Raw($"the body {notAnObject}", notAnObject, bad);
        }

        yield return Raw("an empty object", "{}", endpoint.EmptyObjectStatus);
        foreach (var cut in new[] { 1, json.Length / 4, json.Length / 2, json.Length - 1 })
        {
            yield return Raw($"the body cut after {cut} characters", json[..cut], bad);
        }

        yield return Raw("text after the object", json + "x", bad);
        yield return Raw("a second object", json + "{}", bad);
        yield return Raw("a trailing comma after the object", json + ",", bad);
        yield return Raw("a trailing comma inside the object", json[..^1] + ",}", bad);
        yield return Raw("a comment", "/* hi */" + json, bad);
        yield return Raw("single quotes", json.Replace('"', '\''), bad);
        yield return Raw("unquoted member names", UnquoteNames(endpoint), bad);
        yield return Raw("a NaN member", json[..^1] + ",\"x\":NaN}", bad);
        yield return Raw("a number with a leading zero", json[..^1] + ",\"x\":012}", bad);
        yield return Raw("an invalid escape", json[..^1] + ",\"x\":\"\\q\"}", bad);
        yield return Raw("a raw newline in a string", json[..^1] + ",\"x\":\"a\nb\"}", bad);
        yield return Raw("a lone surrogate as a member name", "{\"\\ud800\":1," + json[1..], bad);
        yield return Raw("a member nested 65 levels deep", json[..^1] + ",\"x\":" + Nest(65) + "}", bad);
        yield return Raw("a member nested 20000 levels deep", json[..^1] + ",\"x\":" + Nest(20_000) + "}", bad);
        foreach (var field in endpoint.Body.Select(member => member.Key))
        {
            var member = $"\"{field}\":{endpoint.Body[field]!.ToJsonString()}";
            yield return Raw($"'{field}' twice", json[..^1] + "," + member + "}", bad);
        }

        foreach (var (name, bytes) in InvalidUtf8)
        {
            yield return new Probe($"invalid UTF-8 ({name}) in a string", bad, HttpMethod.Post, endpoint.Path,
                WithBytesInString(json, bytes), "application/json", auth);
        }

        yield return new Probe("the body in UTF-16", bad, HttpMethod.Post, endpoint.Path,
            Encoding.Unicode.GetBytes(json), "application/json; charset=utf-16", auth);
        foreach (var probe in WrongContentTypes(endpoint, auth))
        {
            yield return probe;
        }

        foreach (var probe in Oversized(endpoint, targets, auth))
        {
            yield return probe;
        }
    }

    /// <summary>Bodies other clients send by mistake: forms, multipart and XML.</summary>
    private static IEnumerable<Probe> WrongContentTypes(PostEndpoint endpoint, string? auth)
    {
        var form = string.Join("&", endpoint.Body.Select(m => $"{m.Key}={Uri.EscapeDataString(m.Value!.ToString())}"));
        yield return new Probe("a form body", HttpStatusCode.BadRequest, HttpMethod.Post, endpoint.Path,
            Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded", auth);
        const string boundary = "----fuzz";
        var multipart =
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nx\r\n--{boundary}--\r\n";
        yield return new Probe("a multipart body", HttpStatusCode.BadRequest, HttpMethod.Post, endpoint.Path,
            Encoding.UTF8.GetBytes(multipart), $"multipart/form-data; boundary={boundary}", auth);
        yield return new Probe("an XML body", HttpStatusCode.BadRequest, HttpMethod.Post, endpoint.Path,
            Encoding.UTF8.GetBytes("<user><username>x</username></user>"), "text/xml", auth);
    }

    /// <summary>Bodies over the limit: just over, far over, and far over without a Content-Length.</summary>
    private static IEnumerable<Probe> Oversized(PostEndpoint endpoint, FuzzTargets targets, string? auth)
    {
        var tooLarge = HttpStatusCode.RequestEntityTooLarge;
        yield return new Probe("a body one byte over the limit", tooLarge, HttpMethod.Post, endpoint.Path,
            PaddedBody(endpoint, targets.MaxBodyBytes + 1), "application/json", auth);
        // Far over the limit the gateway answers without reading the body and closes the connection; a client
        // still sending then sees a broken pipe, unless it waited for the go-ahead as HTTP provides.
        yield return new Probe("a body three times the limit", tooLarge, HttpMethod.Post, endpoint.Path,
            PaddedBody(endpoint, 3 * targets.MaxBodyBytes), "application/json", auth, ExpectContinue: true);
        yield return new Probe("a chunked body over the limit", tooLarge, HttpMethod.Post, endpoint.Path,
            PaddedBody(endpoint, (3 * targets.MaxBodyBytes) / 2), "application/json", auth, Chunked: true);
    }

    /// <summary>The endpoint's valid body, padded by an unknown member to exactly <paramref name="size"/>.</summary>
    public static byte[] PaddedBody(PostEndpoint endpoint, int size)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var prefix = endpoint.Body.ToJsonString()[..^1] + ",\"padding\":\"";
        const string suffix = "\"}";
        return Encoding.UTF8.GetBytes(prefix + new string('p', size - prefix.Length - suffix.Length) + suffix);
    }

    public static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    private static string UnquoteNames(PostEndpoint endpoint)
    {
        var members = endpoint.Body.Select(m => $"{m.Key}:{m.Value!.ToJsonString()}");
        return "{" + string.Join(",", members) + "}";
    }

    /// <summary>The body with an extra string member whose text holds <paramref name="bytes"/>.</summary>
    private static byte[] WithBytesInString(string json, byte[] bytes) =>
        [.. Encoding.UTF8.GetBytes(json[..^1] + ",\"x\":\"a"), .. bytes, .. "b\"}"u8];
}
