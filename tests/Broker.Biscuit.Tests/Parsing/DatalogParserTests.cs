using Broker.Biscuit.Datalog;
using Broker.Biscuit.Parsing;

namespace Broker.Biscuit.Tests.Parsing;

public sealed class DatalogParserTests
{
    [Theory]
    [InlineData("check if 1 + 2 * 3 - 4 / 2 === 5")]
    [InlineData("check if 1 | 2 ^ 3 === 0")]
    [InlineData("check if !false && true || false")]
    [InlineData("check if !{1, 2, 3}.all($p -> $p == 2)")]
    [InlineData("check if (true === 12).try_or(true)")]
    [InlineData("check if [1, 2].get(3) == null, {2: [true], \"a\": 1}.contains(2)")]
    [InlineData("check all operation($op), allowed($set), $set.contains($op)")]
    [InlineData("reject if resource($r), $r.starts_with(\"/admin\") or resource(\"root\")")]
    [InlineData("check if group(\"admin\") trusting previous, ed25519/" +
                "acdd6d5b53bfee478bf689f8e012fe7988bf755e3d7c5152947abc149bc20189")]
    [InlineData("check if time($t), $t <= 2030-01-01T00:00:00Z, hex:0aff.length() === 2")]
    [InlineData("check if \"a\".extern::f(\"b\") == \"c\", true.extern::g()")]
    public void Check_PrintsBackAsWritten(string text)
    {
        Assert.Equal(text, DatalogParser.ParseCheck(text).ToString());
    }

    [Fact]
    public void Source_WithCommentsAndAllStatementKinds_IsParsed()
    {
        var source = DatalogParser.ParseSource("""
            // who the caller is
            user("bob"); right("news", "get");
            can($r) <- right($r, "get");
            check if user($u);
            allow if can("news");
            deny if true;
            """);

        Assert.Equal(2, source.Facts.Length);
        Assert.Equal("can($r) <- right($r, \"get\")", source.Rules.Single().ToString());
        Assert.Single(source.Checks);
        Assert.Equal(["allow if can(\"news\")", "deny if true"], source.Policies.Select(p => p.ToString()));
    }

    [Fact]
    public void Strings_UnescapeQuotesAndBackslashes()
    {
        var fact = DatalogParser.ParseFact("""name("a\"b\\c")""");

        Assert.Equal("a\"b\\c", ((StringTerm)fact.Predicate.Terms[0]).Value);
    }

    [Fact]
    public void Dates_WithOffsets_AreConvertedToUtc()
    {
        var fact = DatalogParser.ParseFact("at(2024-01-01T02:00:00+02:00)");

        Assert.Equal("at(2024-01-01T00:00:00Z)", fact.ToString());
    }

    [Theory]
    [InlineData("user($x);", "A fact cannot contain variables")]
    [InlineData("a($x) <- b($y);", "Rule head variables not used in the body")]
    [InlineData("check if $x > 1;", "Expression variables not bound by a predicate")]
    [InlineData("check if \"x\".frobnicate();", "Unknown method")]
    [InlineData("user(\"bob\")", "Expected \";\"")]
    [InlineData("allow if", "Expected an expression")]
    public void InvalidSource_IsRejectedWithAReason(string source, string reason)
    {
        var error = Assert.Throws<DatalogParseException>(() => DatalogParser.ParseSource(source));

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }
}
