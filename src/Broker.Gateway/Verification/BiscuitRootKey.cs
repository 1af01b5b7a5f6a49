using Broker.Biscuit;
using Broker.Biscuit.Crypto;

namespace Broker.Gateway.Verification;

/// <summary>
/// The cluster's Ed25519 root key that signs Biscuit tokens: given at once when <c>biscuit_root_key</c> is
/// configured, otherwise loaded by <see cref="BiscuitRootKeyLoader"/> before the gateway starts listening.
/// </summary>
public sealed class BiscuitRootKey
{
    private volatile Loaded? _loaded;

    /// <param name="configuredSeed">The 32-byte seed from configuration, or null to use the cluster's.</param>
    public BiscuitRootKey(byte[]? configuredSeed)
    {
        IsConfigured = configuredSeed is not null;
        if (configuredSeed is not null)
        {
            Load(configuredSeed);
        }
    }

    /// <summary>True when the seed came from configuration rather than from the cluster.</summary>
    public bool IsConfigured { get; }

    public bool IsLoaded => _loaded is not null;

    /// <exception cref="InvalidOperationException">The key is not loaded yet.</exception>
    public BiscuitKeyPair KeyPair => Current.KeyPair;

    /// <summary>The public half as published: <c>GET /public_key</c>, and <c>key</c> of <c>GET /verify</c>.</summary>
    /// <exception cref="InvalidOperationException">The key is not loaded yet.</exception>
    public PublicKeyBody PublicKey => Current.PublicKey;

    /// <exception cref="Biscuit.BiscuitFormatException">The seed is not 32 bytes long.</exception>
    public void Load(byte[] seed)
    {
        var keyPair = BrokerTokens.LoadRootKey(seed);
        var publicKey = keyPair.PublicKey.Bytes.ToArray();
        _loaded = new Loaded(keyPair, new PublicKeyBody(publicKey, Convert.ToHexStringLower(publicKey), "ed25519"));
    }

    private Loaded Current =>
        _loaded ?? throw new InvalidOperationException("The Biscuit root key is not loaded yet.");

    private sealed record Loaded(BiscuitKeyPair KeyPair, PublicKeyBody PublicKey);
}
