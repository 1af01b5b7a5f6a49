using Broker.Gateway.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Broker.Gateway.Hosting;

/// <summary>
/// The start-up lines an operator (and the test harness) reads: where the gateway connects, a loud warning for
/// the default admin token, and <c>Gateway listening on &lt;url&gt;</c> once requests are served.
/// </summary>
public sealed partial class StartupReport(
    GatewaySettings settings,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<StartupReport> logger) : IHostedService
{
    /// <summary>What the gateway prints once it accepts requests; scripts wait for it.</summary>
    public const string ListeningLine = "Gateway listening on";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.UsesDefaultAdminToken)
        {
            LogDefaultAdminToken(logger);
        }

        LogConnecting(logger, settings.ClusterId, settings.ServiceId);
        lifetime.ApplicationStarted.Register(ReportListening);
        lifetime.ApplicationStopping.Register(() => LogStopping(logger));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void ReportListening()
    {
        var scheme = settings.Ssl ? "https" : "http";
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var ports = addresses
            .Select(address => new Uri(address.Replace("[::]", "0.0.0.0", StringComparison.Ordinal)).Port)
            .DefaultIfEmpty(settings.Port)
            .Distinct();
        foreach (var port in ports)
        {
            LogListening(logger, scheme, port);
        }
    }

    [LoggerMessage(EventId = (int)HostingLogEvent.Connecting, Level = LogLevel.Information,
        Message = "Connecting to cluster {ClusterId} (service {ServiceId}); the gateway listens once a silo answers")]
    private static partial void LogConnecting(ILogger logger, string clusterId, string serviceId);

    [LoggerMessage(EventId = (int)HostingLogEvent.Listening, Level = LogLevel.Information,
        Message = ListeningLine + " {Scheme}://0.0.0.0:{Port}")]
    private static partial void LogListening(ILogger logger, string scheme, int port);

    [LoggerMessage(EventId = (int)HostingLogEvent.DefaultAdminToken, Level = LogLevel.Warning,
        Message = "SECURITY WARNING: admin_token is the publicly known default of the original broker. Anyone " +
            "can create, change and revoke users. Set admin_token (flag, BROKER_admin_token or appsettings.json)")]
    private static partial void LogDefaultAdminToken(ILogger logger);

    [LoggerMessage(EventId = (int)HostingLogEvent.Stopping, Level = LogLevel.Information,
        Message = "Gateway stopping: closing event streams")]
    private static partial void LogStopping(ILogger logger);
}
