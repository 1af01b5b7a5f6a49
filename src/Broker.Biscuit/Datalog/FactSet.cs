namespace Broker.Biscuit.Datalog;

/// <summary>Facts grouped by origin; the same fact may be known under several origins.</summary>
internal sealed class FactSet
{
    private readonly Dictionary<Origin, HashSet<Fact>> _byOrigin = [];

    public int Count { get; private set; }

    public IEnumerable<(Origin Origin, Fact Fact)> All =>
        _byOrigin.SelectMany(group => group.Value.Select(fact => (group.Key, fact)));

    public bool Add(Origin origin, Fact fact)
    {
        if (!_byOrigin.TryGetValue(origin, out var facts))
        {
            facts = [];
            _byOrigin.Add(origin, facts);
        }

        if (!facts.Add(fact))
        {
            return false;
        }

        Count++;
        return true;
    }

    /// <summary>The facts whose origin is entirely trusted.</summary>
    public List<(Origin Origin, Fact Fact)> Trusted(TrustedOrigins trusted) =>
        [.. _byOrigin.Where(g => trusted.Contains(g.Key)).SelectMany(g => g.Value.Select(f => (g.Key, f)))];
}
