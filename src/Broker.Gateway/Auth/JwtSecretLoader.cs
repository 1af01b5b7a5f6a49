using System.Text;
using Broker.Cluster;
using Broker.Gateway.Configuration;
using Broker.Gateway.Http;

namespace Broker.Gateway.Auth;

/// <summary>
/// Loads the JWT secret during host start. Registered after the Orleans client, so the cluster is reachable;
/// it keeps trying while storage is not, because a gateway without the secret cannot serve anyone.
/// </summary>
public sealed partial class JwtSecretLoader(
    JwtKeyring keyring,
    GatewaySettings settings,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<JwtSecretLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.JwtSecret is { } configured)
        {
            keyring.Load(Encoding.UTF8.GetBytes(configured));
            LogConfiguredSecret(logger);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                keyring.Load(await grains.GetGrain<IClusterKeysGrain>(0).GetJwtSecret());
                LogClusterSecret(logger);
                return;
            }
            catch (Exception e) when (ClusterFailures.IsUnavailable(e))
            {
                LogSecretUnavailable(logger, attempt, e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), time, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = (int)AuthLogEvent.ConfiguredSecret, Level = LogLevel.Information,
        Message = "JWTs are signed with the configured jwt_secret")]
    private static partial void LogConfiguredSecret(ILogger logger);

    [LoggerMessage(EventId = (int)AuthLogEvent.ClusterSecret, Level = LogLevel.Information,
        Message = "JWTs are signed with the cluster's shared secret")]
    private static partial void LogClusterSecret(ILogger logger);

    [LoggerMessage(EventId = (int)AuthLogEvent.SecretUnavailable, Level = LogLevel.Warning,
        Message = "Cannot load the cluster's JWT secret yet (attempt {Attempt}, {ErrorType}); retrying")]
    private static partial void LogSecretUnavailable(ILogger logger, int attempt, string errorType);
}
