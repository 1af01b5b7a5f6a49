using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Broker.Biscuit.Tests.Interop;

/// <summary>Runs tests/interop/biscuit-wasm.mjs with Node: the npm reference library, one request a process.</summary>
internal static class BiscuitWasm
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<JsonObject> Authorize(string token, byte[] rootPublicKey, string code) =>
        await Run(new JsonObject
        {
            ["command"] = "authorize",
            ["token"] = token,
            ["rootPublicKey"] = Convert.ToHexStringLower(rootPublicKey),
            ["code"] = code,
        });

    public static async Task<string> Mint(byte[] rootPrivateKey, string authority, string[] blocks, bool seal)
    {
        var answer = await Run(new JsonObject
        {
            ["command"] = "mint",
            ["rootPrivateKey"] = Convert.ToHexStringLower(rootPrivateKey),
            ["authority"] = authority,
            ["blocks"] = new JsonArray([.. blocks.Select(b => (JsonNode)b)]),
            ["seal"] = seal,
        });
        return answer["token"]?.GetValue<string>() ?? throw new InvalidOperationException(answer.ToJsonString());
    }

    private static async Task<JsonObject> Run(JsonObject request)
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
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Interop, "biscuit-wasm.mjs"));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var cancel = new CancellationTokenSource(Timeout);
        await process.StandardInput.WriteAsync(request.ToJsonString());
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var errors = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);

        // The package logs a banner on stdout; the answer is the last line.
        var last = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return last is not null && last.StartsWith('{')
            ? JsonNode.Parse(last)!.AsObject()
            : throw new InvalidOperationException($"node failed ({process.ExitCode}): {await errors}");
    }
}
