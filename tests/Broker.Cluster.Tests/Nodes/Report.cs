namespace Broker.Cluster.Tests.Nodes;

/// <summary>
/// The counts a fault test checked, written to the test output, to the console of the test run and to
/// <c>.run/test/results/cluster-summary.txt</c>, which test.sh prints at the end, so that a passing run still
/// shows what it proved.
/// </summary>
public sealed class Report(ITestOutputHelper output, string test)
{
    private static readonly Lock FileGate = new();

    private static string Folder => Path.Combine(RepositoryPaths.Root, ".run", "test", "results");

    public void Line(string text)
    {
        var line = $"[{test}] {text}";
        output.WriteLine(line);
        Console.WriteLine(line);
        lock (FileGate)
        {
            Directory.CreateDirectory(Folder);
            File.AppendAllText(Path.Combine(Folder, "cluster-summary.txt"), line + Environment.NewLine);
        }
    }
}
