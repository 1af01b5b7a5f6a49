using System.Diagnostics;

namespace Broker.Biscuit.Datalog;

/// <summary>A rule with the block it came from and the origins it may read.</summary>
internal sealed record RuleEntry(int Block, TrustedOrigins Trusted, Rule Rule);

/// <summary>Facts and rules, run to a fixpoint; then queried by checks and policies.</summary>
internal sealed class World(ExpressionEvaluator evaluator, RunLimits limits, long startTimestamp)
{
    public FactSet Facts { get; } = new();

    public List<RuleEntry> Rules { get; } = [];

    public int Iterations { get; private set; }

    /// <summary>Applies every rule until no new fact appears, within the limits.</summary>
    public void Run()
    {
        while (true)
        {
            var generated = new List<(Origin, Fact)>();
            foreach (var entry in Rules)
            {
                var matcher = new RuleMatcher(Facts.Trusted(entry.Trusted));
                generated.AddRange(Apply(entry.Rule, entry.Block, matcher));
                CheckTime();
            }

            var added = 0;
            foreach (var (origin, fact) in generated)
            {
                added += Facts.Add(origin, fact) ? 1 : 0;
            }

            Iterations++;
            if (added == 0)
            {
                return;
            }

            if (Iterations >= limits.MaxIterations)
            {
                throw new RunLimitException(RunLimit.TooManyIterations);
            }

            if (Facts.Count >= limits.MaxFacts)
            {
                throw new RunLimitException(RunLimit.TooManyFacts);
            }
        }
    }

    /// <summary>Whether the query has a match whose expressions all hold.</summary>
    public bool QueryMatch(Rule query, TrustedOrigins trusted)
    {
        var matcher = new RuleMatcher(Facts.Trusted(trusted));
        var found = matcher.Matches(query).Any(m => Holds(query, m.Bindings));
        CheckTime();
        return found;
    }

    /// <summary>Whether the query has matches and every one of them satisfies the expressions.</summary>
    public bool QueryMatchAll(Rule query, TrustedOrigins trusted)
    {
        var matcher = new RuleMatcher(Facts.Trusted(trusted));
        var found = false;
        foreach (var (_, bindings) in matcher.Matches(query))
        {
            found = true;
            if (!Holds(query, bindings))
            {
                return false;
            }
        }

        CheckTime();
        return found;
    }

    public void CheckTime()
    {
        if (Stopwatch.GetElapsedTime(startTimestamp) > limits.MaxTime)
        {
            throw new RunLimitException(RunLimit.Timeout);
        }
    }

    private IEnumerable<(Origin, Fact)> Apply(Rule rule, int block, RuleMatcher matcher)
    {
        foreach (var (origin, bindings) in matcher.Matches(rule))
        {
            if (!Holds(rule, bindings))
            {
                continue;
            }

            var terms = new List<Term>(rule.Head.Terms.Length);
            foreach (var term in rule.Head.Terms)
            {
                terms.Add(term is VariableTerm v
                    ? bindings.TryGetValue(v.Name, out var value)
                        ? value
                        : throw new ExpressionException(ExpressionError.UnknownVariable)
                    : term);
            }

            yield return (origin.With(block), new Fact(new Predicate(rule.Head.Name, terms)));
        }
    }

    private bool Holds(Rule rule, Dictionary<string, Term> bindings)
    {
        foreach (var expression in rule.Expressions)
        {
            switch (evaluator.Evaluate(expression.Ops, bindings))
            {
                case BoolTerm { Value: true }:
                    continue;
                case BoolTerm:
                    return false;
                default:
                    throw new ExpressionException(ExpressionError.InvalidType);
            }
        }

        return true;
    }
}
