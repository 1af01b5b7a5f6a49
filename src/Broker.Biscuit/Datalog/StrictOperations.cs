using System.Text.RegularExpressions;

namespace Broker.Biscuit.Datalog;

/// <summary>The binary operations that take two evaluated values.</summary>
internal sealed partial class ExpressionEvaluator
{
    // A regular expression from a token must not stall the authorizer (ReDoS); past this it fails closed.
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private static Term Strict(BinaryKind kind, Term left, Term right)
    {
        if (kind is BinaryKind.HeterogeneousEqual or BinaryKind.HeterogeneousNotEqual)
        {
            var same = left.Kind == right.Kind && left.Equals(right);
            return BoolTerm.Of(kind == BinaryKind.HeterogeneousEqual ? same : !same);
        }

        return (kind, left, right) switch
        {
            (BinaryKind.Equal, _, _) when left.Kind == right.Kind && left.Kind != TermKind.Variable =>
                BoolTerm.Of(left.Equals(right)),
            (BinaryKind.NotEqual, _, _) when left.Kind == right.Kind && left.Kind != TermKind.Variable =>
                BoolTerm.Of(!left.Equals(right)),
            (_, IntegerTerm a, IntegerTerm b) => Integers(kind, a.Value, b.Value),
            (_, DateTerm a, DateTerm b) => Compare(kind, a.Seconds.CompareTo(b.Seconds)),
            (_, StringTerm a, StringTerm b) => Strings(kind, a.Value, b.Value),
            (_, BoolTerm a, BoolTerm b) when kind == BinaryKind.And => BoolTerm.Of(a.Value & b.Value),
            (_, BoolTerm a, BoolTerm b) when kind == BinaryKind.Or => BoolTerm.Of(a.Value | b.Value),
            (_, SetTerm a, _) => Sets(kind, a, right),
            (_, ArrayTerm a, _) => Arrays(kind, a, right),
            (BinaryKind.Contains, MapTerm m, IntegerTerm or StringTerm) => BoolTerm.Of(m.Entries.ContainsKey(right)),
            (BinaryKind.Get, MapTerm m, IntegerTerm or StringTerm) =>
                m.Entries.TryGetValue(right, out var value) ? value : NullTerm.Instance,
            _ => throw new ExpressionException(ExpressionError.InvalidType),
        };
    }

    private static Term Integers(BinaryKind kind, long a, long b)
    {
        try
        {
            return kind switch
            {
                BinaryKind.Add => new IntegerTerm(checked(a + b)),
                BinaryKind.Sub => new IntegerTerm(checked(a - b)),
                BinaryKind.Mul => new IntegerTerm(checked(a * b)),
                BinaryKind.Div when b == 0 => throw new ExpressionException(ExpressionError.DivideByZero),
                BinaryKind.Div => new IntegerTerm(checked(a / b)),
                BinaryKind.BitwiseAnd => new IntegerTerm(a & b),
                BinaryKind.BitwiseOr => new IntegerTerm(a | b),
                BinaryKind.BitwiseXor => new IntegerTerm(a ^ b),
                _ => Compare(kind, a.CompareTo(b)),
            };
        }
        catch (OverflowException)
        {
            throw new ExpressionException(ExpressionError.Overflow);
        }
    }

    private static BoolTerm Compare(BinaryKind kind, int order) => kind switch
    {
        BinaryKind.LessThan => BoolTerm.Of(order < 0),
        BinaryKind.GreaterThan => BoolTerm.Of(order > 0),
        BinaryKind.LessOrEqual => BoolTerm.Of(order <= 0),
        BinaryKind.GreaterOrEqual => BoolTerm.Of(order >= 0),
        _ => throw new ExpressionException(ExpressionError.InvalidType),
    };

    private static Term Strings(BinaryKind kind, string a, string b)
    {
        switch (kind)
        {
            case BinaryKind.Prefix:
                return BoolTerm.Of(a.StartsWith(b, StringComparison.Ordinal));
            case BinaryKind.Suffix:
                return BoolTerm.Of(a.EndsWith(b, StringComparison.Ordinal));
            case BinaryKind.Contains:
                return BoolTerm.Of(a.Contains(b, StringComparison.Ordinal));
            case BinaryKind.Add:
                return new StringTerm(a + b);
            case BinaryKind.Regex:
                try
                {
                    return BoolTerm.Of(Regex.IsMatch(a, b, RegexOptions.CultureInvariant, RegexTimeout));
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new ExpressionException(ExpressionError.RegexTimeout);
                }
                catch (ArgumentException)
                {
                    // Like the reference implementation, a pattern that does not compile matches nothing.
                    return BoolTerm.False;
                }

            default:
                throw new ExpressionException(ExpressionError.InvalidType);
        }
    }

    private static Term Sets(BinaryKind kind, SetTerm set, Term right) => (kind, right) switch
    {
        (BinaryKind.Contains, SetTerm other) => BoolTerm.Of(set.Items.IsSupersetOf(other.Items)),
        (BinaryKind.Contains, IntegerTerm or DateTerm or BoolTerm or StringTerm or BytesTerm) =>
            BoolTerm.Of(set.Items.Contains(right)),
        (BinaryKind.Intersection, SetTerm other) => new SetTerm(set.Items.Intersect(other.Items)),
        (BinaryKind.Union, SetTerm other) => new SetTerm(set.Items.Union(other.Items)),
        _ => throw new ExpressionException(ExpressionError.InvalidType),
    };

    private static Term Arrays(BinaryKind kind, ArrayTerm array, Term right)
    {
        var items = array.Items;
        return (kind, right) switch
        {
            (BinaryKind.Contains, _) => BoolTerm.Of(items.Contains(right)),
            (BinaryKind.Prefix, ArrayTerm p) =>
                BoolTerm.Of(p.Items.Length <= items.Length && items.Take(p.Items.Length).SequenceEqual(p.Items)),
            (BinaryKind.Suffix, ArrayTerm s) =>
                BoolTerm.Of(s.Items.Length <= items.Length && items.TakeLast(s.Items.Length).SequenceEqual(s.Items)),
            (BinaryKind.Get, IntegerTerm i) =>
                i.Value >= 0 && i.Value < items.Length ? items[(int)i.Value] : NullTerm.Instance,
            _ => throw new ExpressionException(ExpressionError.InvalidType),
        };
    }
}
