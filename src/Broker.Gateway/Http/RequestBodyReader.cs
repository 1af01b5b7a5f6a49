using System.Buffers;

namespace Broker.Gateway.Http;

/// <summary>Reads a whole request body into memory, refusing more than the configured limit.</summary>
public static class RequestBodyReader
{
    /// <summary>
    /// How far past the limit a refused body is still read (and thrown away) before answering 413: a client
    /// that is still sending when the server answers and closes sees a broken pipe instead of the 413. Kestrel's
    /// own body limit is set to the same bound, so nothing larger is ever read.
    /// </summary>
    public static long ReadBound(long limit) => limit * 2;

    /// <returns>The body, or null when it is over <paramref name="limit"/> bytes.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > ReadBound(limit))
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, limit);
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > limit)
                {
                    await DiscardRestAsync(request.Body, buffer, cancellation);
                    return null;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel refuses to read past the read bound, with or without a Content-Length.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task DiscardRestAsync(Stream body, byte[] scratch, CancellationToken cancellation)
    {
        while (await body.ReadAsync(scratch, cancellation) > 0)
        {
        }
    }

    private static byte[] Grow(byte[] buffer, long limit)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
        buffer.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
