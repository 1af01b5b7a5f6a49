using Broker.Biscuit.Crypto;
using Google.Protobuf;
using P = Broker.Biscuit.Format.Proto;

namespace Broker.Biscuit.Format;

/// <summary>Converts public keys between the wire format and <see cref="BiscuitPublicKey"/>.</summary>
internal static class KeyCodec
{
    public static BiscuitPublicKey FromProto(P.PublicKey? key)
    {
        if (key is null || !key.HasAlgorithm || !key.HasKey)
        {
            throw new BiscuitFormatException("A public key is missing.");
        }

        var algorithm = (BiscuitAlgorithm)(int)key.Algorithm;
        if (!Enum.IsDefined(algorithm))
        {
            throw new BiscuitFormatException("Unknown key algorithm.");
        }

        return new BiscuitPublicKey(algorithm, key.Key.Span);
    }

    public static P.PublicKey ToProto(BiscuitPublicKey key) => new()
    {
        Algorithm = (P.PublicKey.Types.Algorithm)(int)key.Algorithm,
        Key = ByteString.CopyFrom(key.Bytes),
    };
}
