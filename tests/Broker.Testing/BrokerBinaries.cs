namespace Broker.Testing;

/// <summary>
/// Finds the built silo and gateway next to the running test assembly: a test built in Release runs the
/// Release silo and gateway, one built in Debug the Debug ones.
/// </summary>
public static class BrokerBinaries
{
    /// <summary>The build configuration of the running test assembly, read from its output folder.</summary>
    public static string Configuration { get; } = FindConfiguration();

    /// <summary>The framework folder name of the running test assembly, such as <c>net10.0</c>.</summary>
    public static string TargetFramework { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    public static string SiloDll => Find("Broker.Silo");

    public static string GatewayDll => Find("Broker.Gateway");

    private static string Find(string project)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "src", project, "bin", Configuration, TargetFramework,
            project + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{dll} is missing: build it with 'dotnet build Broker.sln -c {Configuration}'.");
        }

        return dll;
    }

    private static string FindConfiguration()
    {
        // The output folder is .../bin/<Configuration>/<TargetFramework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return framework.Parent?.Name ?? "Release";
    }
}
