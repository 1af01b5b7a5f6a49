using Broker.Testing;

namespace Broker.EndToEnd.Streaming;

/// <summary>The npm <c>broker-client</c> 0.0.8, unchanged, reads the stream as it read the original's.</summary>
public sealed class BrokerClientTests(SharedCluster shared) : SharedClusterTest(shared)
{
    private static readonly string Script =
        Path.Combine(RepositoryPaths.Root, "tests", "Broker.EndToEnd.Tests", "js", "collect-events.mjs");

    [Fact]
    public async Task BrokerClient_ReceivesTheSnapshotAndLiveEvents_WithExactFields()
    {
        var user = await NewUserAsync("npm-client");
        var jwt = await Api.LoginAsync(user);
        var auth = Credentials.Bearer(jwt);
        await Api.InsertAsync(auth, "profile", """{"name":"Zoë","tags":["a","b"]}""");
        await Api.InsertAsync(auth, "counter", "1");
        await Api.InsertAsync(auth, "counter", "2");
        var bundle = await BundleAsync();

        await using var client = ChildProcess.Start("node",
            [bundle, new Uri(Api.BaseAddress, "/sse").ToString(), jwt, "3"]);
        await client.WaitForOutputAsync("\"open\":true", TimeSpan.FromSeconds(60));
        await client.WaitForOutputAsync("\"id\":\"3\"", TimeSpan.FromSeconds(60));
        await Api.InsertAsync(auth, "note", """{"text":"retry: later","emoji":"😀"}""");
        var exitCode = await client.WaitForExitAsync(TimeSpan.FromSeconds(60));
        File.Delete(bundle);

        Assert.True(exitCode == 0, client.Output);
        var messages = client.Output.Split('\n')
            .Where(line => line.StartsWith("{\"event\"", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line)!)
            .ToList();
        Assert.Equal(3, messages.Count);
        JsonAssert.Equal("""{"event":"profile","id":"1","data":"{\"name\":\"Zo\\u00EB\",\"tags\":[\"a\",\"b\"]}"}""",
            messages[0]);
        JsonAssert.Equal("""{"event":"counter","id":"3","data":"2"}""", messages[1]);
        Assert.Equal("note", messages[2]["event"]!.GetValue<string>());
        Assert.Equal("4", messages[2]["id"]!.GetValue<string>());
        JsonAssert.Equal("""{"text":"retry: later","emoji":"😀"}""",
            JsonNode.Parse(messages[2]["data"]!.GetValue<string>()));
    }

    /// <summary>
    /// broker-client ships untranspiled ES modules with an extensionless import, which Node cannot load as they
    /// are; esbuild from the pinned npm tools bundles it with the script into one module.
    /// </summary>
    private static async Task<string> BundleAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"broker-client-{Guid.NewGuid():N}.mjs");
        await using var esbuild = ChildProcess.Start(Path.Combine(RepositoryPaths.NodeModulesBin, "esbuild"),
            [Script, "--bundle", "--format=esm", "--platform=node", "--log-level=warning", $"--outfile={output}"]);
        var exitCode = await esbuild.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, esbuild.Output);
        return output;
    }
}
