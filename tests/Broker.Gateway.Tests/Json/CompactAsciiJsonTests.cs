using System.Text;
using Broker.Gateway.Json;

namespace Broker.Gateway.Tests.Json;

public sealed class CompactAsciiJsonTests
{
    private static string Convert(string json) => ConvertBytes(Encoding.UTF8.GetBytes(json));

    private static string ConvertBytes(byte[] json)
    {
        Assert.True(CompactAsciiJson.TryConvert(json, out var ascii, out var error), error);
        return ascii;
    }

    private static string Refuse(string json) => RefuseBytes(Encoding.UTF8.GetBytes(json));

    private static string RefuseBytes(byte[] json)
    {
        Assert.False(CompactAsciiJson.TryConvert(json, out var ascii, out var error), ascii);
        return error;
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("0", "0")]
    [InlineData("1.0", "1.0")]
    [InlineData("1.50", "1.50")]
    [InlineData("-0", "-0")]
    [InlineData("1e400", "1e400")]
    [InlineData("-1.5E-7", "-1.5E-7")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("[]", "[]")]
    [InlineData("{}", "{}")]
    public void Convert_Scalars_AreCopiedVerbatim(string json, string expected) =>
        Assert.Equal(expected, Convert(json));

    [Fact]
    public void Convert_RemovesWhitespace_AndKeepsMemberOrder()
    {
        var json = " { \"zeta\" : 1 ,\n\t\"alpha\" : [ 1 , 2 , { \"b\" : null , \"a\" : true } ] , \"m\" : { } } ";

        Assert.Equal("{\"zeta\":1,\"alpha\":[1,2,{\"b\":null,\"a\":true}],\"m\":{}}", Convert(json));
    }

    [Fact]
    public void Convert_EscapesNonAscii_AsUppercaseUtf16Units()
    {
        Assert.Equal("\"caf\\u00E9 \\u6F22\\u5B57\"", Convert("\"café 漢字\""));
    }

    [Fact]
    public void Convert_EscapesCharactersOutsideTheBasicPlane_AsSurrogatePairs()
    {
        Assert.Equal("\"\\uD83D\\uDE00\"", Convert("\"😀\""));
    }

    [Fact]
    public void Convert_EscapesDeleteAndC1Controls()
    {
        Assert.Equal("\"\\u007F\\u0085\"", Convert("\"\u007F\u0085\""));
    }

    [Fact]
    public void Convert_RewritesEscapes_InShortFormWhereJsonHasOne()
    {
        var json = "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0001 \\u001f \\u0041 \\u00e9\"";

        Assert.Equal("\"\\\" \\\\ / \\b \\f \\n \\r \\t \\u0001 \\u001F A \\u00E9\"", Convert(json));
    }

    [Fact]
    public void Convert_KeepsEscapedSurrogatePairs_AndLoneSurrogates()
    {
        Assert.Equal("\"\\uD83D\\uDE00 \\uDC00\"", Convert("\"\\ud83d\\ude00 \\udc00\""));
    }

    [Fact]
    public void Convert_EscapesKeys_LikeStrings()
    {
        Assert.Equal("{\"\\u00FC\":\"\\u00FC\",\"a\\\"b\":1}", Convert("{\"ü\":\"ü\",\"a\\\"b\":1}"));
    }

    [Theory]
    [InlineData("\"retry: later\"", "\"\\u0072etry: later\"")]
    [InlineData("\"x retry:5 retry:6\"", "\"x \\u0072etry:5 \\u0072etry:6\"")]
    [InlineData("{\"retry:\":\"retry\"}", "{\"\\u0072etry:\":\"retry\"}")]
    [InlineData("\"\\u0072etry:\"", "\"\\u0072etry:\"")]
    [InlineData("\"Retry: retry\"", "\"Retry: retry\"")]
    public void Convert_NeverWritesRetryColon_Literally(string json, string expected) =>
        Assert.Equal(expected, Convert(json));

    [Fact]
    public void Convert_Output_ParsesBackToTheSameValue()
    {
        var json = "{\"t\":\"é\\n😀 \\\"q\\\" retry:1\",\"n\":[1.0,-0,1e400],\"o\":{\"k\":null}}";

        var ascii = Convert(json);

        Assert.True(Ascii.IsValid(ascii));
        using var original = System.Text.Json.JsonDocument.Parse(json);
        using var copy = System.Text.Json.JsonDocument.Parse(ascii);
        Assert.True(System.Text.Json.JsonElement.DeepEquals(original.RootElement, copy.RootElement));
    }

    [Fact]
    public void Convert_AcceptsNestingOf64Levels()
    {
        var json = new string('[', 64) + new string(']', 64);

        Assert.Equal(json, Convert(json));
    }

    [Fact]
    public void Convert_RefusesNestingOf65Levels()
    {
        var inner = new string('[', 32) + new string(']', 32);
        var json = new string('[', 32) + "{\"a\":" + inner + "}" + new string(']', 32);

        Assert.Equal("nests deeper than 64 levels", Refuse(json));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "has the key \"a\" twice")]
    [InlineData("{\"a\":1,\"\\u0061\":2}", "has the key \"a\" twice")]
    [InlineData("[{\"x\":{\"é\":1,\"é\":2}}]", "has the key \"é\" twice")]
    public void Convert_RefusesDuplicateKeys(string json, string expected) => Assert.Equal(expected, Refuse(json));

    [Fact]
    public void Convert_AllowsTheSameKey_InSiblingObjects()
    {
        Assert.Equal("[{\"a\":1},{\"a\":2}]", Convert("[{\"a\":1},{\"a\":2}]"));
    }

    [Theory]
    [InlineData("{\"a\":1", "is not valid JSON (line 1, byte 7)")]
    [InlineData("[1,2", "is not valid JSON (line 1, byte 5)")]
    [InlineData("\"abc", "is not valid JSON (line 1, byte 5)")]
    [InlineData("{\"a\":1,}", "is not valid JSON (line 1, byte 8)")]
    [InlineData("[01]", "is not valid JSON (line 1, byte 3)")]
    [InlineData("1 2", "is not valid JSON (line 1, byte 3)")]
    [InlineData("NaN", "is not valid JSON (line 1, byte 1)")]
    [InlineData("\"\\x\"", "is not valid JSON (line 1, byte 3)")]
    public void Convert_RefusesMalformedOrTruncatedJson(string json, string expected) =>
        Assert.Equal(expected, Refuse(json));

    [Fact]
    public void Convert_RefusesEmptyInput()
    {
        Assert.Equal("is empty", Refuse(""));
        Assert.Equal("is empty", Refuse(" \n\t "));
    }

    [Theory]
    [InlineData(new byte[] { 0x22, 0xFF, 0x22 })]
    [InlineData(new byte[] { 0x22, 0xC3, 0x22 })]
    [InlineData(new byte[] { 0x22, 0xC0, 0xAF, 0x22 })]
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 })]
    public void Convert_RefusesInvalidUtf8InStrings(byte[] json)
    {
        Assert.Equal("contains invalid UTF-8", RefuseBytes(json));
    }
}
