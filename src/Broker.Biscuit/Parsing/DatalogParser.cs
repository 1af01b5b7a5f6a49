using System.Collections.Immutable;
using Broker.Biscuit.Datalog;

namespace Broker.Biscuit.Parsing;

/// <summary>Everything a piece of Datalog source declares.</summary>
/// <param name="Facts">The facts.</param>
/// <param name="Rules">The rules.</param>
/// <param name="Checks">The checks.</param>
/// <param name="Policies">The policies (authorizer code only).</param>
/// <param name="Scopes">A leading <c>trusting ...;</c> clause that applies to the whole block.</param>
public sealed record DatalogSource(
    ImmutableArray<Fact> Facts,
    ImmutableArray<Rule> Rules,
    ImmutableArray<Check> Checks,
    ImmutableArray<Policy> Policies,
    ImmutableArray<Scope> Scopes);

/// <summary>
/// Parses Biscuit Datalog text: facts, rules, checks (<c>check if</c>, <c>check all</c>, <c>reject if</c>),
/// policies (<c>allow if</c>, <c>deny if</c>), expressions and <c>trusting</c> scopes. Statements end with
/// <c>;</c>; <c>//</c> comments are allowed.
/// </summary>
public static class DatalogParser
{
    private static readonly Predicate QueryHead = new("query", []);

    /// <summary>Parses a program: statements separated by semicolons.</summary>
    /// <param name="source">The text.</param>
    /// <returns>What it declares, in order of appearance.</returns>
    /// <exception cref="DatalogParseException">The text is not valid Datalog.</exception>
    public static DatalogSource ParseSource(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var c = new Cursor(source);
        var facts = ImmutableArray.CreateBuilder<Fact>();
        var rules = ImmutableArray.CreateBuilder<Rule>();
        var checks = ImmutableArray.CreateBuilder<Check>();
        var policies = ImmutableArray.CreateBuilder<Policy>();
        var scopes = ImmutableArray<Scope>.Empty;
        if (c.TryKeyword("trusting"))
        {
            scopes = ParseScopes(c);
            c.Expect(";");
        }

        while (true)
        {
            c.SkipSpace();
            if (c.AtEnd)
            {
                return new DatalogSource(
                    facts.ToImmutable(), rules.ToImmutable(), checks.ToImmutable(), policies.ToImmutable(), scopes);
            }

            switch (Statement(c))
            {
                case Fact f:
                    facts.Add(f);
                    break;
                case Rule r:
                    rules.Add(r);
                    break;
                case Check k:
                    checks.Add(k);
                    break;
                case Policy p:
                    policies.Add(p);
                    break;
            }

            c.Expect(";");
        }
    }

    /// <summary>Parses one fact, such as <c>right("news", "get")</c>.</summary>
    /// <param name="source">The text, with or without a final semicolon.</param>
    /// <returns>The fact.</returns>
    /// <exception cref="DatalogParseException">The text is not one fact.</exception>
    public static Fact ParseFact(string source) => Single<Fact>(source);

    /// <summary>Parses one rule, such as <c>can($x) &lt;- right($x)</c>.</summary>
    /// <param name="source">The text.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="DatalogParseException">The text is not one rule.</exception>
    public static Rule ParseRule(string source) => Single<Rule>(source);

    /// <summary>Parses one check, such as <c>check if time($t), $t &lt;= 2030-01-01T00:00:00Z</c>.</summary>
    /// <param name="source">The text.</param>
    /// <returns>The check.</returns>
    /// <exception cref="DatalogParseException">The text is not one check.</exception>
    public static Check ParseCheck(string source) => Single<Check>(source);

    /// <summary>Parses one policy, such as <c>allow if right("news", "get")</c>.</summary>
    /// <param name="source">The text.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="DatalogParseException">The text is not one policy.</exception>
    public static Policy ParsePolicy(string source) => Single<Policy>(source);

    private static T Single<T>(string source)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(source);
        var c = new Cursor(source);
        var result = Statement(c) as T ?? throw c.Error("Expected a " + typeof(T).Name.ToUpperInvariant());
        c.TryConsume(";");
        c.SkipSpace();
        return c.AtEnd ? result : throw c.Error("Unexpected text after the statement");
    }

    private static object Statement(Cursor c)
    {
        var start = c.Position;
        if (c.TryKeyword("check"))
        {
            if (c.TryKeyword("if"))
            {
                return new Check(CheckKind.One, Queries(c));
            }

            if (c.TryKeyword("all"))
            {
                return new Check(CheckKind.All, Queries(c));
            }

            c.Position = start;
        }

        foreach (var (word, kind) in new[] { ("reject", 2), ("allow", 0), ("deny", 1) })
        {
            if (!c.TryKeyword(word))
            {
                continue;
            }

            if (c.TryKeyword("if"))
            {
                return kind == 2 ? new Check(CheckKind.Reject, Queries(c)) : new Policy((PolicyKind)kind, Queries(c));
            }

            c.Position = start;
        }

        var head = Predicate(c);
        if (c.TryConsume("<-"))
        {
            var rule = Body(c, head);
            var unbound = head.Terms.OfType<VariableTerm>().Select(v => v.Name).Except(BodyVariables(rule)).ToList();
            return unbound.Count == 0
                ? rule
                : throw c.Error("Rule head variables not used in the body: $" + string.Join(", $", unbound));
        }

        return head.Terms.Any(t => t.HasVariables) ? throw c.Error("A fact cannot contain variables") : new Fact(head);
    }

    private static IEnumerable<string> BodyVariables(Rule rule) =>
        rule.Body.SelectMany(p => p.Terms).OfType<VariableTerm>().Select(v => v.Name);

    private static ImmutableArray<Rule> Queries(Cursor c)
    {
        var queries = ImmutableArray.CreateBuilder<Rule>();
        do
        {
            queries.Add(Body(c, QueryHead));
        }
        while (c.TryKeyword("or"));

        return queries.ToImmutable();
    }

    private static Rule Body(Cursor c, Predicate head)
    {
        var predicates = ImmutableArray.CreateBuilder<Predicate>();
        var expressions = ImmutableArray.CreateBuilder<Expression>();
        do
        {
            if (AtPredicate(c))
            {
                predicates.Add(Predicate(c));
            }
            else
            {
                expressions.Add(ExpressionParser.Parse(c));
            }
        }
        while (c.TryConsume(","));

        var scopes = c.TryKeyword("trusting") ? ParseScopes(c) : [];
        var rule = new Rule(head, predicates.ToImmutable(), expressions.ToImmutable(), scopes);
        var bound = BodyVariables(rule).ToImmutableHashSet();
        var free = rule.Expressions.SelectMany(e => ExpressionParser.FreeVariables(e.Ops, bound)).ToList();
        return free.Count == 0
            ? rule
            : throw c.Error("Expression variables not bound by a predicate: $" + string.Join(", $", free.Distinct()));
    }

    private static bool AtPredicate(Cursor c)
    {
        if (!c.AtName() || c.StartsWith("hex:"))
        {
            return false;
        }

        var saved = c.Position;
        c.Name();
        var isPredicate = c.TryConsume("(");
        c.Position = saved;
        return isPredicate;
    }

    private static Predicate Predicate(Cursor c)
    {
        var name = c.Name();
        c.Expect("(");
        var terms = new List<Term>();
        if (!c.TryConsume(")"))
        {
            do
            {
                terms.Add(TermParser.Parse(c));
            }
            while (c.TryConsume(","));

            c.Expect(")");
        }

        return new Predicate(name, terms);
    }

    private static ImmutableArray<Scope> ParseScopes(Cursor c)
    {
        var scopes = ImmutableArray.CreateBuilder<Scope>();
        do
        {
            if (c.TryKeyword("authority"))
            {
                scopes.Add(Scope.Authority);
            }
            else if (c.TryKeyword("previous"))
            {
                scopes.Add(Scope.Previous);
            }
            else
            {
                scopes.Add(new PublicKeyScope(TermParser.PublicKey(c)));
            }
        }
        while (c.TryConsume(","));

        return scopes.ToImmutable();
    }
}
