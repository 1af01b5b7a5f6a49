using System.Collections.Immutable;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Datalog;
using Broker.Biscuit.Format;
using Broker.Biscuit.Parsing;

namespace Broker.Biscuit.Token;

/// <summary>
/// Collects the Datalog of a block to mint (the authority block) or to append (an attenuation).
/// The block's Datalog version is the lowest that can carry what was added.
/// </summary>
/// <example>
/// <code>
/// var block = new BlockBuilder()
///     .AddCode("""user("bob"); right("news", "get");""")
///     .AddCheck($"check if time($t), $t &lt;= {DatalogPrinter.Print(DateTerm.From(expiry))}");
/// </code>
/// </example>
public sealed class BlockBuilder
{
    private readonly List<Fact> _facts = [];
    private readonly List<Rule> _rules = [];
    private readonly List<Check> _checks = [];
    private readonly List<Scope> _scopes = [];
    private string? _context;

    /// <summary>Adds the facts, rules and checks of Datalog text (policies are not allowed in blocks).</summary>
    /// <param name="source">Statements separated by semicolons; may start with <c>trusting ...;</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="DatalogParseException">The text is not valid block Datalog.</exception>
    public BlockBuilder AddCode(string source)
    {
        var parsed = DatalogParser.ParseSource(source);
        if (parsed.Policies.Length > 0)
        {
            throw new DatalogParseException("A block cannot contain allow or deny policies.");
        }

        _facts.AddRange(parsed.Facts);
        _rules.AddRange(parsed.Rules);
        _checks.AddRange(parsed.Checks);
        _scopes.AddRange(parsed.Scopes);
        return this;
    }

    /// <summary>Adds a fact.</summary>
    /// <param name="fact">The fact.</param>
    /// <returns>This builder.</returns>
    public BlockBuilder AddFact(Fact fact)
    {
        _facts.Add(fact);
        return this;
    }

    /// <summary>Adds a fact written in Datalog, such as <c>tenant("t1")</c>.</summary>
    /// <param name="fact">The fact's text.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="DatalogParseException">The text is not one fact.</exception>
    public BlockBuilder AddFact(string fact) => AddFact(DatalogParser.ParseFact(fact));

    /// <summary>Adds a rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public BlockBuilder AddRule(Rule rule)
    {
        _rules.Add(rule);
        return this;
    }

    /// <summary>Adds a check.</summary>
    /// <param name="check">The check.</param>
    /// <returns>This builder.</returns>
    public BlockBuilder AddCheck(Check check)
    {
        _checks.Add(check);
        return this;
    }

    /// <summary>Adds a check written in Datalog.</summary>
    /// <param name="check">The check's text.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="DatalogParseException">The text is not one check.</exception>
    public BlockBuilder AddCheck(string check) => AddCheck(DatalogParser.ParseCheck(check));

    /// <summary>Sets the block's context: free text for the issuer's own use (not evaluated).</summary>
    /// <param name="context">The text.</param>
    /// <returns>This builder.</returns>
    public BlockBuilder SetContext(string? context)
    {
        _context = context;
        return this;
    }

    internal Block Build(BiscuitPublicKey? externalKey)
    {
        var block = new Block(
            [.. _facts], [.. _rules], [.. _checks], [.. _scopes], 0, _context, externalKey);
        return block with { Version = DatalogVersion.Of(block) };
    }
}
