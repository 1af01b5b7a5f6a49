namespace Broker.Testing;

/// <summary>Finds the repository's folders from wherever a test runs.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds <c>Broker.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    public static string NodeModulesBin => Path.Combine(Root, "node_modules", ".bin");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Broker.sln above {AppContext.BaseDirectory}.");
    }
}
