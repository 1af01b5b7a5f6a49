using System.Text;

namespace Broker.Cluster.Tests.Nodes;

/// <summary>One event as a client received it.</summary>
public sealed record Frame(long Id, string Event, string Data);

/// <summary>
/// Splits the bytes of <c>/sse</c> into frames as broker-client does: a frame ends at a blank line and a keep-alive
/// is the two bytes <c>:\n</c>. Anything that is neither is reported as malformed.
/// </summary>
public sealed class SseFrames
{
    private readonly List<byte> _pending = [];

    /// <summary>Adds bytes read from the wire and returns the frames they complete.</summary>
    public List<Frame> Add(ReadOnlySpan<byte> bytes)
    {
        _pending.AddRange(bytes);
        var frames = new List<Frame>();
        while (true)
        {
            while (_pending.Count >= 2 && _pending[0] == ':' && _pending[1] == '\n')
            {
                _pending.RemoveRange(0, 2);
            }

            var end = IndexOfBlankLine();
            if (end < 0)
            {
                return frames;
            }

            var text = Encoding.UTF8.GetString([.. _pending.GetRange(0, end)]);
            _pending.RemoveRange(0, end + 2);
            frames.Add(Parse(text));
        }
    }

    private static Frame Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length != 3 || !lines[0].StartsWith("event:", StringComparison.Ordinal) ||
            !lines[1].StartsWith("id:", StringComparison.Ordinal) ||
            !lines[2].StartsWith("data:", StringComparison.Ordinal) ||
            !long.TryParse(lines[1]["id:".Length..], System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            throw new InvalidDataException($"Not an event frame in the contract's form: {text.Replace("\n", "\\n")}");
        }

        return new Frame(id, lines[0]["event:".Length..], lines[2]["data:".Length..]);
    }

    private int IndexOfBlankLine()
    {
        for (var i = 0; i + 1 < _pending.Count; i++)
        {
            if (_pending[i] == '\n' && _pending[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
