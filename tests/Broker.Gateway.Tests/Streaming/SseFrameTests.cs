using System.Text;
using Broker.Events;
using Broker.Gateway.Streaming;

namespace Broker.Gateway.Tests.Streaming;

public sealed class SseFrameTests
{
    [Fact]
    public void Format_WritesEventIdAndData_WithoutSpacesAndWithABlankLine()
    {
        var frame = SseFrame.Format(new StoredEvent(42, "user", "{\"a\":1}"));

        Assert.Equal("event:user\nid:42\ndata:{\"a\":1}\n\n"u8.ToArray(), frame);
    }

    [Fact]
    public void Format_WritesNonAsciiNames_AsUtf8()
    {
        var frame = SseFrame.Format(new StoredEvent(1, "caf\u00E9 \u6F22", "null"));

        Assert.Equal(Encoding.UTF8.GetBytes("event:caf\u00E9 \u6F22\nid:1\ndata:null\n\n"), frame);
    }

    [Fact]
    public void Format_WritesLargeIds_InDecimal()
    {
        var frame = SseFrame.Format(new StoredEvent(long.MaxValue, "e", "1"));

        Assert.Equal("event:e\nid:9223372036854775807\ndata:1\n\n"u8.ToArray(), frame);
    }

    [Fact]
    public void Heartbeat_IsACommentLine_WithoutABlankLine()
    {
        Assert.Equal(":\n"u8.ToArray(), SseFrame.Heartbeat.ToArray());
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("7", null, 7L)]
    [InlineData(null, "7", 7L)]
    [InlineData("9", "3", 9L)]
    [InlineData(" 12 ", null, 12L)]
    [InlineData("0", null, null)]
    [InlineData("-3", null, null)]
    [InlineData("abc", "5", null)]
    [InlineData("1.5", null, null)]
    [InlineData("99999999999999999999", null, null)]
    public void LastEventId_PrefersTheHeader_AndIgnoresWhatIsNotAPositiveId(string? header, string? query,
        long? expected)
    {
        Assert.Equal(expected, StreamingEndpoints.LastEventId(header, query));
    }
}
