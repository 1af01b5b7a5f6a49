namespace Broker.Cluster;

/// <summary>The cluster's keys as stored; both empty until first use.</summary>
[GenerateSerializer]
public sealed class ClusterKeysState
{
    [Id(0)] public byte[] JwtSecret { get; set; } = [];

    [Id(1)] public byte[] BiscuitRootKey { get; set; } = [];

    public bool IsComplete => JwtSecret.Length == ClusterKeysGrain.KeyBytes
        && BiscuitRootKey.Length == ClusterKeysGrain.KeyBytes;
}
