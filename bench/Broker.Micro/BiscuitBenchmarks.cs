using BenchmarkDotNet.Attributes;
using Broker.Biscuit;
using Broker.Biscuit.Crypto;

namespace Broker.Micro;

/// <summary>Minting a user's Biscuit, which <c>GET /verify</c> does per request, and verifying it again.</summary>
public class BiscuitBenchmarks
{
    private static readonly string[] Scopes = ["news:read", "news:write", "billing:read"];

    private BiscuitKeyPair _root = null!;
    private byte[] _token = null!;
    private byte[] _publicKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = BrokerTokens.CreateRootKey();
        _publicKey = _root.PublicKey.Bytes.ToArray();
        _token = Mint();
    }

    [Benchmark(Baseline = true)]
    public byte[] Mint() => BrokerTokens.MintUserToken(_root, "bench-user", "bench-tenant", Scopes,
        DateTimeOffset.UnixEpoch.AddSeconds(4_000_000_000)).ToBytes();

    [Benchmark]
    public object Verify() => BrokerTokens.Verify(_token, _publicKey);
}
