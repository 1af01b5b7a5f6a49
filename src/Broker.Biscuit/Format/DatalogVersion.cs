using Broker.Biscuit.Datalog;
using Broker.Biscuit.Token;

namespace Broker.Biscuit.Format;

/// <summary>
/// The lowest Datalog version able to carry a block, so that older verifiers accept what they can read:
/// 3 for plain Datalog, 4 for scopes, <c>check all</c>, bitwise and strict <c>!==</c>, 5 for third-party
/// blocks, 6 for <c>reject if</c>, null, arrays, maps, closures, lenient equality, <c>type()</c> and the rest of 3.3.
/// </summary>
internal static class DatalogVersion
{
    public static uint Of(Block block)
    {
        var version = 3u;
        if (block.Scopes.Length > 0)
        {
            version = 4;
        }

        foreach (var check in block.Checks)
        {
            version = Math.Max(version, check.Kind switch
            {
                CheckKind.Reject => 6u,
                CheckKind.All => 4u,
                _ => 3u,
            });
            version = check.Queries.Aggregate(version, (v, q) => Math.Max(v, Of(q)));
        }

        version = block.Rules.Aggregate(version, (v, r) => Math.Max(v, Of(r)));
        version = block.Facts.Aggregate(version, (v, f) => Math.Max(v, Of(f.Predicate)));
        if (block.ExternalKey is not null)
        {
            version = Math.Max(version, 5);
        }

        return version;
    }

    private static uint Of(Rule rule)
    {
        var version = rule.Scopes.Length > 0 ? 4u : 3u;
        version = Math.Max(version, Of(rule.Head));
        version = rule.Body.Aggregate(version, (v, p) => Math.Max(v, Of(p)));
        return rule.Expressions.Aggregate(version, (v, e) => Math.Max(v, Of(e.Ops)));
    }

    private static uint Of(Predicate predicate) => predicate.Terms.Aggregate(3u, (v, t) => Math.Max(v, Of(t)));

    private static uint Of(Term term) => term.Kind switch
    {
        TermKind.Null or TermKind.Array or TermKind.Map => 6,
        TermKind.Set => ((SetTerm)term).Items.Aggregate(3u, (v, t) => Math.Max(v, Of(t))),
        _ => 3,
    };

    private static uint Of(IEnumerable<Op> ops) => ops.Aggregate(3u, (v, op) => Math.Max(v, op switch
    {
        ValueOp value => Of(value.Value),
        ClosureOp => 6u,
        UnaryOp u => u.Kind is UnaryKind.TypeOf or UnaryKind.External ? 6u : 3u,
        BinaryOp b => b.Kind switch
        {
            BinaryKind.BitwiseAnd or BinaryKind.BitwiseOr or BinaryKind.BitwiseXor or BinaryKind.NotEqual => 4u,
            >= BinaryKind.HeterogeneousEqual => 6u,
            _ => 3u,
        },
        _ => 3u,
    }));
}
