using System.Security.Cryptography;
using Broker.Storage;
using Orleans.Storage;

namespace Broker.Cluster;

/// <summary>
/// Makes the cluster's keys once, from a cryptographic random source, and hands out the stored ones ever after,
/// so every gateway and every restart signs and verifies with the same keys.
/// </summary>
public sealed partial class ClusterKeysGrain(
    [PersistentState("keys", StorageNames.Cluster)] IPersistentState<ClusterKeysState> state,
    ILogger<ClusterKeysGrain> logger) : Grain, IClusterKeysGrain
{
    /// <summary>A 256-bit HS256 secret and a 32-byte Ed25519 seed.</summary>
    public const int KeyBytes = 32;

    public async Task<byte[]> GetJwtSecret() => (await EnsureKeysAsync()).JwtSecret;

    public async Task<byte[]> GetBiscuitRootKey() => (await EnsureKeysAsync()).BiscuitRootKey;

    private async Task<ClusterKeysState> EnsureKeysAsync()
    {
        if (state.State.IsComplete)
        {
            return state.State;
        }

        state.State = new ClusterKeysState
        {
            JwtSecret = RandomNumberGenerator.GetBytes(KeyBytes),
            BiscuitRootKey = RandomNumberGenerator.GetBytes(KeyBytes),
        };
        try
        {
            await state.WriteStateAsync();
            LogKeysCreated();
        }
        catch (InconsistentStateException)
        {
            // Another activation stored keys first (the ETag moved): theirs are the cluster's keys.
            await state.ReadStateAsync();
        }
        catch (Exception exception) when (StorageErrors.IsTransient(exception))
        {
            state.State = new ClusterKeysState();
            throw new StorageUnavailableException("cluster key storage is unavailable");
        }

        return state.State;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Created the cluster's signing keys")]
    private partial void LogKeysCreated();
}
