using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Broker.Hosting;

/// <summary>
/// What the silo and the gateway set up alike: where settings come from and what a log line looks like. The file
/// is compiled into both programs, which share no library that could carry hosting code.
/// </summary>
internal static class BrokerHostDefaults
{
    /// <summary>The prefix of environment variables meant for Broker only.</summary>
    public const string EnvironmentPrefix = "BROKER_";

    /// <summary>
    /// On top of the host's own sources (appsettings.json beside the binary, then plain environment variables such
    /// as <c>port</c>), adds <c>BROKER_</c> variables and then the command line again, so that a flag
    /// (<c>--port 8081</c>) beats <c>BROKER_port</c>, which beats <c>port</c>. Logs go to the console, one line
    /// each, with a timestamp and without colours, as log collectors expect.
    /// </summary>
    public static void AddBrokerDefaults(this IHostApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix).AddCommandLine(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
    }
}
