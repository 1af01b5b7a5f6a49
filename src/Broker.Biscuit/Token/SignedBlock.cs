using Broker.Biscuit.Crypto;

namespace Broker.Biscuit.Token;

/// <summary>One link of the signature chain: block bytes, next key, signature, optional third-party part.</summary>
internal sealed record SignedBlock(
    byte[] Data,
    BiscuitPublicKey NextKey,
    byte[] Signature,
    ExternalSignature? External,
    uint SignatureVersion);

/// <summary>A third party's signature over a block, and the key to check it with.</summary>
internal sealed record ExternalSignature(byte[] Signature, BiscuitPublicKey Key);
