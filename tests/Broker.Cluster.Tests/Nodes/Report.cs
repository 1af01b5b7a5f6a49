namespace Broker.Cluster.Tests.Nodes;

/// <summary>
/// The counts a fault test checked, printed to the test output, to the console of the test run and to
/// <c>.run/test/cluster/report.txt</c>, so that a passing run still shows what it proved.
/// </summary>
public sealed class Report(ITestOutputHelper output, string test)
{
    private static readonly Lock FileGate = new();

    public void Line(string text)
    {
        var line = $"[{test}] {text}";
        output.WriteLine(line);
        Console.WriteLine(line);
        lock (FileGate)
        {
            Directory.CreateDirectory(MultiNodeCluster.LogFolder);
            File.AppendAllText(Path.Combine(MultiNodeCluster.LogFolder, "report.txt"), line + Environment.NewLine);
        }
    }
}
