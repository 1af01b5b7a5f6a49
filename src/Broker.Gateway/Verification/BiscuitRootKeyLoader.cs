using Broker.Cluster;
using Broker.Gateway.Http;

namespace Broker.Gateway.Verification;

/// <summary>
/// Loads the cluster's Biscuit root key during host start, unless <c>biscuit_root_key</c> is configured. The
/// cluster keeps one key for good, so every gateway and every restart signs with it and microservices can pin
/// its public half. Registered after the Orleans client; it keeps trying while storage cannot answer.
/// </summary>
public sealed partial class BiscuitRootKeyLoader(
    BiscuitRootKey rootKey,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<BiscuitRootKeyLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (rootKey.IsConfigured)
        {
            LogConfiguredRootKey(logger, rootKey.PublicKey.Hex);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                rootKey.Load(await grains.GetGrain<IClusterKeysGrain>(0).GetBiscuitRootKey());
                LogClusterRootKey(logger, rootKey.PublicKey.Hex);
                return;
            }
            catch (Exception e) when (ClusterFailures.IsUnavailable(e))
            {
                LogRootKeyUnavailable(logger, attempt, e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), time, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The public key is no secret: printing it lets an operator check what microservices have pinned.
    [LoggerMessage(EventId = (int)VerificationLogEvent.ConfiguredRootKey, Level = LogLevel.Information,
        Message = "Biscuit tokens are signed with the configured biscuit_root_key (public key {PublicKey})")]
    private static partial void LogConfiguredRootKey(ILogger logger, string publicKey);

    [LoggerMessage(EventId = (int)VerificationLogEvent.ClusterRootKey, Level = LogLevel.Information,
        Message = "Biscuit tokens are signed with the cluster's root key (public key {PublicKey})")]
    private static partial void LogClusterRootKey(ILogger logger, string publicKey);

    [LoggerMessage(EventId = (int)VerificationLogEvent.RootKeyUnavailable, Level = LogLevel.Warning,
        Message = "Cannot load the cluster's Biscuit root key yet (attempt {Attempt}, {ErrorType}); retrying")]
    private static partial void LogRootKeyUnavailable(ILogger logger, int attempt, string errorType);
}
