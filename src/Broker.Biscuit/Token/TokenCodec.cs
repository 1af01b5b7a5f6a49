using Broker.Biscuit.Crypto;
using Broker.Biscuit.Format;
using Google.Protobuf;
using P = Broker.Biscuit.Format.Proto;

namespace Broker.Biscuit.Token;

/// <summary>Reads and writes the outer <c>Biscuit</c> message.</summary>
internal static class TokenCodec
{
    public static (uint? RootKeyId, List<SignedBlock> Blocks, P.Proof Proof) Read(ReadOnlySpan<byte> data)
    {
        P.Biscuit message;
        try
        {
            message = P.Biscuit.Parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new BiscuitFormatException("The token is not a valid Biscuit message.", e);
        }

        if (message.Authority is null || message.Proof is null)
        {
            throw new BiscuitFormatException("The token has no authority block or no proof.");
        }

        if (message.Authority.ExternalSignature is not null)
        {
            throw new BiscuitFormatException("The authority block cannot carry an external signature.");
        }

        var blocks = new List<SignedBlock> { Signed(message.Authority) };
        blocks.AddRange(message.Blocks.Select(Signed));
        return (message.HasRootKeyId ? message.RootKeyId : null, blocks, message.Proof);
    }

    public static byte[] Write(uint? rootKeyId, IReadOnlyList<SignedBlock> blocks, P.Proof proof)
    {
        var message = new P.Biscuit { Authority = Signed(blocks[0]), Proof = proof };
        if (rootKeyId is { } id)
        {
            message.RootKeyId = id;
        }

        message.Blocks.AddRange(blocks.Skip(1).Select(Signed));
        return message.ToByteArray();
    }

    private static SignedBlock Signed(P.SignedBlock block)
    {
        if (!block.HasBlock || !block.HasSignature)
        {
            throw new BiscuitFormatException("A signed block lacks its data or signature.");
        }

        var external = block.ExternalSignature is { } e
            ? new ExternalSignature(e.Signature.ToByteArray(), KeyCodec.FromProto(e.PublicKey))
            : null;
        return new SignedBlock(
            block.Block.ToByteArray(),
            KeyCodec.FromProto(block.NextKey),
            block.Signature.ToByteArray(),
            external,
            block.HasVersion ? block.Version : 0);
    }

    private static P.SignedBlock Signed(SignedBlock block)
    {
        var message = new P.SignedBlock
        {
            Block = ByteString.CopyFrom(block.Data),
            NextKey = KeyCodec.ToProto(block.NextKey),
            Signature = ByteString.CopyFrom(block.Signature),
        };
        if (block.SignatureVersion > 0)
        {
            message.Version = block.SignatureVersion;
        }

        if (block.External is { } external)
        {
            message.ExternalSignature = new P.ExternalSignature
            {
                Signature = ByteString.CopyFrom(external.Signature),
                PublicKey = KeyCodec.ToProto(external.Key),
            };
        }

        return message;
    }
}
