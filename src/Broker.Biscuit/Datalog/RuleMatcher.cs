namespace Broker.Biscuit.Datalog;

/// <summary>Finds the combinations of facts that satisfy a rule body, with the variables they bind.</summary>
internal sealed class RuleMatcher
{
    private readonly Dictionary<(string Name, int Arity), List<(Origin Origin, Fact Fact)>> _byPredicate = [];

    public RuleMatcher(IEnumerable<(Origin Origin, Fact Fact)> facts)
    {
        foreach (var entry in facts)
        {
            var key = (entry.Fact.Predicate.Name, entry.Fact.Predicate.Terms.Length);
            if (!_byPredicate.TryGetValue(key, out var list))
            {
                list = [];
                _byPredicate.Add(key, list);
            }

            list.Add(entry);
        }
    }

    /// <summary>Every match of the body: the union of the matched facts' origins and the bindings.</summary>
    public IEnumerable<(Origin Origin, Dictionary<string, Term> Bindings)> Matches(Rule rule) =>
        Matches(rule.Body, 0, Origin.Empty, []);

    private IEnumerable<(Origin, Dictionary<string, Term>)> Matches(
        IReadOnlyList<Predicate> body, int index, Origin origin, Dictionary<string, Term> bindings)
    {
        if (index == body.Count)
        {
            yield return (origin, bindings);
            yield break;
        }

        var predicate = body[index];
        if (!_byPredicate.TryGetValue((predicate.Name, predicate.Terms.Length), out var candidates))
        {
            yield break;
        }

        foreach (var (factOrigin, fact) in candidates)
        {
            var extended = Unify(predicate, fact.Predicate, bindings);
            if (extended is null)
            {
                continue;
            }

            foreach (var match in Matches(body, index + 1, origin.Union(factOrigin), extended))
            {
                yield return match;
            }
        }
    }

    private static Dictionary<string, Term>? Unify(Predicate pattern, Predicate fact, Dictionary<string, Term> bindings)
    {
        Dictionary<string, Term>? result = null;
        for (var i = 0; i < pattern.Terms.Length; i++)
        {
            var value = fact.Terms[i];
            if (pattern.Terms[i] is not VariableTerm variable)
            {
                if (!pattern.Terms[i].Equals(value))
                {
                    return null;
                }

                continue;
            }

            var current = result ?? bindings;
            if (current.TryGetValue(variable.Name, out var bound))
            {
                if (!bound.Equals(value))
                {
                    return null;
                }

                continue;
            }

            result ??= new Dictionary<string, Term>(bindings, StringComparer.Ordinal);
            result[variable.Name] = value;
        }

        return result ?? bindings;
    }
}
