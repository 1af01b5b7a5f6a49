using System.Text.Json.Nodes;

namespace Broker.Biscuit.Tests.Conformance;

/// <summary>The official samples: samples.json lists each token's validations and expected results.</summary>
internal static class Samples
{
    private static readonly Lazy<JsonNode> Index = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Samples, "samples.json")))!);

    public static string RootPublicKey => Index.Value["root_public_key"]!.GetValue<string>();

    public static IEnumerable<object[]> Validations() =>
        from testCase in Index.Value["testcases"]!.AsArray()
        from validation in testCase!["validations"]!.AsObject()
        select new object[] { testCase["filename"]!.GetValue<string>(), validation.Key };

    public static IEnumerable<object[]> Files() =>
        Index.Value["testcases"]!.AsArray().Select(t => new object[] { t!["filename"]!.GetValue<string>() });

    public static JsonObject TestCase(string file) =>
        Index.Value["testcases"]!.AsArray().Single(t => t!["filename"]!.GetValue<string>() == file)!.AsObject();

    public static JsonObject Validation(string file, string name) => TestCase(file)["validations"]![name]!.AsObject();

    public static byte[] Token(string file) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, file));
}
