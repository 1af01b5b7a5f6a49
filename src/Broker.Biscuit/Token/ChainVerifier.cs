using Broker.Biscuit.Crypto;

namespace Broker.Biscuit.Token;

/// <summary>Checks every signature of a token's chain, from the root key to the proof.</summary>
internal static class ChainVerifier
{
    public static void Verify(IReadOnlyList<SignedBlock> blocks, BiscuitPublicKey root)
    {
        var key = root;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.SignatureVersion > 1)
            {
                throw new BiscuitFormatException($"Unsupported signature version {block.SignatureVersion}.");
            }

            // Third-party signatures are only accepted in the form bound to the previous signature.
            if (block.External is not null && block.SignatureVersion != 1)
            {
                throw new BiscuitFormatException("Unsupported third-party block signature version.");
            }

            var previous = i == 0 ? [] : blocks[i - 1].Signature;
            var payload = SignaturePayload.Block(
                block.SignatureVersion, block.Data, block.NextKey, block.External?.Signature, previous, i == 0);
            if (!key.Verify(payload, block.Signature))
            {
                throw new BiscuitSignatureException($"The signature of block {i} is invalid.");
            }

            if (block.External is { } external &&
                !external.Key.Verify(
                    SignaturePayload.External(block.SignatureVersion, block.Data, previous), external.Signature))
            {
                throw new BiscuitSignatureException($"The third-party signature of block {i} is invalid.");
            }

            key = block.NextKey;
        }
    }

    public static void VerifySeal(SignedBlock last, byte[] finalSignature)
    {
        if (!last.NextKey.Verify(SignaturePayload.Seal(last.Data, last.NextKey, last.Signature), finalSignature))
        {
            throw new BiscuitSignatureException("The final signature of the sealed token is invalid.");
        }
    }
}
