using System.Diagnostics;
using System.Globalization;
using Broker.Testing;

namespace Broker.EndToEnd.Verification;

/// <summary>How the token reaches the service: the bytes of <c>/verify</c>, or base64url text in a header.</summary>
public enum TokenForm
{
    Bytes,
    Base64Url,
}

/// <summary>What a JavaScript service concluded about a token.</summary>
/// <param name="Verified">The token was well formed and signed with the pinned key.</param>
/// <param name="Authorized">The authorizer allowed the request.</param>
/// <param name="Authority">The authority block's Datalog as biscuit-wasm prints it.</param>
/// <param name="Error">Why it was refused, as biscuit-wasm says it.</param>
public sealed record ServiceVerdict(bool Verified, bool Authorized, string? Authority, string? Error);

/// <summary>
/// A microservice written in JavaScript: <c>tests/interop/broker-token.mjs</c> checks a <c>/verify</c> answer with
/// the npm <c>@biscuit-auth/biscuit-wasm</c> 0.6.0 and the key pinned from <c>/public_key</c>.
/// </summary>
public static class JavaScriptService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="publicKey">The <c>/public_key</c> answer the service pinned.</param>
    /// <param name="verify">The <c>/verify</c> answer the client got.</param>
    /// <param name="code">The authorizer's policies; the script adds <c>time(...)</c> itself.</param>
    /// <param name="time">The time the service believes it is; now when null.</param>
    public static async Task<ServiceVerdict> CheckAsync(JsonNode publicKey, JsonNode verify, string code,
        TokenForm form = TokenForm.Bytes, DateTimeOffset? time = null)
    {
        var request = new JsonObject
        {
            ["publicKey"] = publicKey.DeepClone(),
            ["verify"] = verify.DeepClone(),
            ["form"] = form == TokenForm.Bytes ? "bytes" : "base64url",
            ["code"] = code,
        };
        if (time is { } at)
        {
            request["time"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        var answer = await RunAsync(request);
        if (answer["error"] is not null && answer["verified"] is null)
        {
            Assert.Fail($"The script failed: {answer.ToJsonString()}");
        }

        return new ServiceVerdict(
            answer["verified"]!.GetValue<bool>(),
            answer["authorized"]?.GetValue<bool>() ?? false,
            answer["authority"]?.GetValue<string>(),
            answer["error"]?.GetValue<string>());
    }

    private static async Task<JsonObject> RunAsync(JsonObject request)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Node 20 loads the package's .wasm only with this flag; later versions accept it too.
        start.ArgumentList.Add("--experimental-wasm-modules");
        start.ArgumentList.Add("--no-warnings");
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tests", "interop", "broker-token.mjs"));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var cancel = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var errors = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.StandardInput.WriteAsync(request.ToJsonString());
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancel.Token);

        // The package prints a banner on stdout first; the answer is the last line.
        var last = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return last is not null && last.StartsWith('{')
            ? JsonNode.Parse(last)!.AsObject()
            : throw new InvalidOperationException($"node failed ({process.ExitCode}): {await errors}");
    }
}
