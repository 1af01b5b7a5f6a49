using Microsoft.Extensions.Configuration;

namespace Broker.Silo;

/// <summary>Where the silo's settings come from, weakest first.</summary>
public static class ConfigurationSources
{
    /// <summary>
    /// On top of the host's defaults (appsettings.json, then plain environment variables such as
    /// <c>silo_port</c>), adds <c>BROKER_</c>-prefixed environment variables and then the command line again,
    /// so a flag (<c>--silo_port 11112</c>) beats <c>BROKER_silo_port</c>, which beats <c>silo_port</c>.
    /// </summary>
    public static IConfigurationBuilder AddBrokerSources(this IConfigurationBuilder configuration, string[] args) =>
        configuration.AddEnvironmentVariables("BROKER_").AddCommandLine(args);
}
