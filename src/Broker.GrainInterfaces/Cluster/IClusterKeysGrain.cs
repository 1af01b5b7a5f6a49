namespace Broker.Cluster;

/// <summary>
/// The cluster's signing keys, generated once on first use and kept in storage, so that every gateway
/// and every restart uses the same ones. Key 0.
/// </summary>
public interface IClusterKeysGrain : IGrainWithIntegerKey
{
    /// <summary>The HS256 secret for JWTs when none is configured.</summary>
    Task<byte[]> GetJwtSecret();

    /// <summary>The Ed25519 private key seed (32 bytes) that signs Biscuit tokens.</summary>
    Task<byte[]> GetBiscuitRootKey();
}
