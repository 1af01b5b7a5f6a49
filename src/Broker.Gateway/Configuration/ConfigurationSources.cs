namespace Broker.Gateway.Configuration;

/// <summary>Where settings come from, lowest precedence first.</summary>
public static class ConfigurationSources
{
    /// <summary>The prefix of environment variables meant for Broker only.</summary>
    public const string EnvironmentPrefix = "BROKER_";

    /// <summary>
    /// Adds <c>BROKER_</c> variables over the plain ones the host already reads, then the command line again
    /// so that a flag always wins.
    /// </summary>
    public static IConfigurationBuilder AddBrokerSources(this IConfigurationBuilder configuration, string[] args)
    {
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args);
        return configuration;
    }
}
