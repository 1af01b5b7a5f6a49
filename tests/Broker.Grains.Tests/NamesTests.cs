namespace Broker;

public sealed class NamesTests
{
    [Theory]
    [InlineData("alice", null)]
    [InlineData("", "username must not be empty")]
    [InlineData(null, "username must not be empty")]
    [InlineData("tab\there", "username must not contain control characters")]
    [InlineData("c1\u0085control", "username must not contain control characters")]
    [InlineData("a/b#c?d\\e\"f'g", null)]
    [InlineData("rocket 🚀", null)]
    public void Check_AppliesTheNameRule(string? name, string? problem)
    {
        Assert.Equal(problem, Names.Check(name, "username"));
    }

    [Fact]
    public void Check_CountsUtf16CodeUnits_UpTo64()
    {
        Assert.Null(Names.Check(new string('é', 64), "username"));
        Assert.Equal("username must be at most 64 characters", Names.Check(new string('é', 65), "username"));
        var rockets = string.Concat(Enumerable.Repeat("🚀", 33));
        Assert.Equal("username must be at most 64 characters", Names.Check(rockets, "username"));
    }

    [Fact]
    public void Check_RefusesUnpairedSurrogates()
    {
        // Built in code: an unpaired surrogate does not survive being written into test data or onto the wire.
        var lone = "x" + (char)0xD800 + "y";

        Assert.Equal("username must be valid Unicode text", Names.Check(lone, "username"));
        Assert.Equal("username must be valid Unicode text", Names.Check("x" + (char)0xDC00, "username"));
    }

    [Theory]
    [InlineData("a:b", "event name must not contain ':'")]
    [InlineData("ok", null)]
    public void CheckEventName_RefusesColons(string name, string? problem)
    {
        Assert.Equal(problem, Names.CheckEventName(name));
    }
}
