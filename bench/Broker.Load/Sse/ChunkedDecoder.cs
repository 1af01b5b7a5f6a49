namespace Broker.Load.Sse;

/// <summary>Undoes HTTP/1.1 chunked transfer coding as bytes arrive, in any split.</summary>
public sealed class ChunkedDecoder
{
    private State _state = State.Size;
    private long _remaining;

    private enum State
    {
        Size,
        Extension,
        Data,
        DataEnd,
        Trailer,
        TrailerLine,
        Done,
    }

    /// <summary>True once the last (empty) chunk and its trailer arrived: the server ended the stream.</summary>
    public bool IsDone => _state == State.Done;

    /// <summary>Appends the payload carried by <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not valid chunked coding.</exception>
    public void Decode(ReadOnlySpan<byte> input, ByteBuffer output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var i = 0;
        while (i < input.Length && _state != State.Done)
        {
            switch (_state)
            {
                case State.Data:
                    var take = (int)Math.Min(_remaining, input.Length - i);
                    output.Append(input.Slice(i, take));
                    i += take;
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    break;

                case State.Size:
                    var b = input[i++];
                    if (b == '\n')
                    {
                        EndSizeLine();
                    }
                    else if (b == ';')
                    {
                        _state = State.Extension;
                    }
                    else if (b != '\r' && b != ' ')
                    {
                        _remaining = (_remaining * 16) + HexValue(b);
                    }

                    break;

                case State.Extension:
                    if (input[i++] == '\n')
                    {
                        EndSizeLine();
                    }

                    break;

                case State.DataEnd:
                    if (input[i++] == '\n')
                    {
                        _state = State.Size;
                    }

                    break;

                case State.Trailer:
                    // An empty line ends the trailer; any other line is a trailer field to skip.
                    var t = input[i++];
                    _state = t == '\n' ? State.Done : t == '\r' ? State.Trailer : State.TrailerLine;
                    break;

                case State.TrailerLine:
                    if (input[i++] == '\n')
                    {
                        _state = State.Trailer;
                    }

                    break;
            }
        }
    }

    private void EndSizeLine() => _state = _remaining == 0 ? State.Trailer : State.Data;

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => throw new InvalidDataException($"'{(char)b}' in a chunk size"),
    };
}
