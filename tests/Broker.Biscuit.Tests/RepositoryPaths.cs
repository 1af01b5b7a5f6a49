namespace Broker.Biscuit.Tests;

/// <summary>Finds files relative to the repository: the folder that holds Broker.sln.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The official Biscuit samples, kept next to the repository in <c>shared/</c>.</summary>
    public static string Samples => Path.GetFullPath(Path.Combine(Root, "..", "shared", "biscuit-samples", "current"));

    public static string Interop => Path.Combine(Root, "tests", "interop");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Broker.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Broker.sln not found above the tests.");
    }
}
