using System.Text;
using System.Text.RegularExpressions;

namespace Broker.EndToEnd.Streaming;

/// <summary>
/// One SSE frame exactly as it came off the wire, ending with the blank line. Only the form the contract
/// allows is accepted: <c>event:&lt;name&gt;\nid:&lt;id&gt;\ndata:&lt;json&gt;\n\n</c>, with pure-ASCII data.
/// </summary>
public sealed partial record SseFrame
{
    private SseFrame(byte[] bytes, string eventName, string id, string data)
    {
        Bytes = bytes;
        Event = eventName;
        Id = id;
        Data = data;
    }

    public byte[] Bytes { get; }

    public string Event { get; }

    public string Id { get; }

    public string Data { get; }

    /// <summary>The frame as text, with newlines shown as <c>\n</c>, for readable assertion messages.</summary>
    public string Text => Show(Bytes);

    /// <summary>The bytes the contract prescribes for an event.</summary>
    public static byte[] Format(string eventName, string id, string data) =>
        Encoding.UTF8.GetBytes($"event:{eventName}\nid:{id}\ndata:{data}\n\n");

    /// <summary>Reads a frame, failing the test when it is not in the one allowed form.</summary>
    public static SseFrame Parse(byte[] bytes)
    {
        var dataStart = LastIndexOf(bytes, "\ndata:"u8) + "\ndata:".Length;
        for (var i = dataStart; i < bytes.Length; i++)
        {
            if (bytes[i] > 0x7F)
            {
                Assert.Fail($"The data of a frame is not pure ASCII: {Show(bytes)}");
            }
        }

        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        var match = FramePattern().Match(text);
        if (!match.Success)
        {
            Assert.Fail($"Not an event frame in the contract's form: {Show(bytes)}");
        }

        var frame = new SseFrame(bytes, match.Groups["event"].Value, match.Groups["id"].Value,
            match.Groups["data"].Value);
        try
        {
            _ = JsonNode.Parse(frame.Data);
        }
        catch (System.Text.Json.JsonException e)
        {
            Assert.Fail($"The data of a frame is not JSON ({e.Message}): {frame.Text}");
        }

        return frame;
    }

    /// <summary>Asserts that this frame is exactly the bytes of the given event.</summary>
    public void AssertIs(string eventName, string id, string data)
    {
        var expected = Format(eventName, id, data);
        Assert.Equal(Show(expected), Text);
        Assert.Equal(expected, Bytes);
    }

    public static string Show(byte[] bytes) => Encoding.UTF8.GetString(bytes).Replace("\n", "\\n");

    private static int LastIndexOf(byte[] bytes, ReadOnlySpan<byte> value) => bytes.AsSpan().LastIndexOf(value);

    [GeneratedRegex(@"\Aevent:(?<event>[^\n]+)\nid:(?<id>[1-9][0-9]*)\ndata:(?<data>[^\n]*)\n\n\z")]
    private static partial Regex FramePattern();
}
