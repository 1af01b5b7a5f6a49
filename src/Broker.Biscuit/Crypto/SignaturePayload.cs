using System.Buffers.Binary;
using System.Text;

namespace Broker.Biscuit.Crypto;

/// <summary>
/// The bytes each signature of a token covers. Version 0 concatenates fields; version 1 labels them and
/// also binds each block to the previous signature (used by Datalog 3.3 blocks and third-party blocks).
/// </summary>
internal static class SignaturePayload
{
    public static byte[] Block(
        uint version,
        ReadOnlySpan<byte> data,
        BiscuitPublicKey nextKey,
        ReadOnlySpan<byte> externalSignature,
        ReadOnlySpan<byte> previousSignature,
        bool isAuthority)
    {
        var payload = new List<byte>(data.Length + 256);
        if (version == 0)
        {
            payload.AddRange(data);
            payload.AddRange(externalSignature);
            AddAlgorithmAndKey(payload, nextKey);
            return [.. payload];
        }

        Label(payload, "\0BLOCK\0\0VERSION\0");
        AddUInt32(payload, version);
        Label(payload, "\0PAYLOAD\0");
        payload.AddRange(data);
        Label(payload, "\0ALGORITHM\0");
        AddUInt32(payload, (uint)nextKey.Algorithm);
        Label(payload, "\0NEXTKEY\0");
        payload.AddRange(nextKey.Bytes);
        if (!isAuthority)
        {
            Label(payload, "\0PREVSIG\0");
            payload.AddRange(previousSignature);
            if (!externalSignature.IsEmpty)
            {
                Label(payload, "\0EXTERNALSIG\0");
                payload.AddRange(externalSignature);
            }
        }

        return [.. payload];
    }

    /// <summary>What a third party signs: the block, bound to the signature of the block before it.</summary>
    public static byte[] External(uint version, ReadOnlySpan<byte> data, ReadOnlySpan<byte> previousSignature)
    {
        var payload = new List<byte>(data.Length + 128);
        Label(payload, "\0EXTERNAL\0\0VERSION\0");
        AddUInt32(payload, version);
        Label(payload, "\0PAYLOAD\0");
        payload.AddRange(data);
        Label(payload, "\0PREVSIG\0");
        payload.AddRange(previousSignature);
        return [.. payload];
    }

    /// <summary>What the final signature of a sealed token covers: the last block and its signature.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> data, BiscuitPublicKey nextKey, ReadOnlySpan<byte> signature)
    {
        var payload = new List<byte>(data.Length + 128);
        payload.AddRange(data);
        AddAlgorithmAndKey(payload, nextKey);
        payload.AddRange(signature);
        return [.. payload];
    }

    private static void AddAlgorithmAndKey(List<byte> payload, BiscuitPublicKey key)
    {
        AddUInt32(payload, (uint)key.Algorithm);
        payload.AddRange(key.Bytes);
    }

    private static void AddUInt32(List<byte> payload, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        payload.AddRange(bytes);
    }

    private static void Label(List<byte> payload, string label) => payload.AddRange(Encoding.ASCII.GetBytes(label));
}
