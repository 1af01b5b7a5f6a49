using System.Collections.Immutable;
using Broker.Biscuit.Datalog;

namespace Broker.Biscuit.Parsing;

/// <summary>
/// Parses expressions into opcodes. Precedence, loosest first: <c>||</c>, <c>&amp;&amp;</c>, comparisons
/// (not associative), <c>^</c>, <c>|</c>, <c>&amp;</c>, <c>+ -</c>, <c>* /</c>, <c>!</c>, methods.
/// </summary>
internal static class ExpressionParser
{
    private static readonly (string Token, BinaryKind Kind)[] Comparisons =
    [
        ("===", BinaryKind.Equal), ("!==", BinaryKind.NotEqual), ("==", BinaryKind.HeterogeneousEqual),
        ("!=", BinaryKind.HeterogeneousNotEqual), ("<=", BinaryKind.LessOrEqual), (">=", BinaryKind.GreaterOrEqual),
        ("<-", (BinaryKind)(-1)), ("<", BinaryKind.LessThan), (">", BinaryKind.GreaterThan),
    ];

    public static Expression Parse(Cursor c) => new([.. Or(c)]);

    private static List<Op> Or(Cursor c) => Lazy(c, "||", BinaryKind.LazyOr, And);

    private static List<Op> And(Cursor c) => Lazy(c, "&&", BinaryKind.LazyAnd, Comparison);

    private static List<Op> Lazy(Cursor c, string token, BinaryKind kind, Func<Cursor, List<Op>> operand)
    {
        var ops = operand(c);
        while (c.TryConsume(token))
        {
            var right = operand(c);
            ops.Add(new ClosureOp([], [.. right]));
            ops.Add(new BinaryOp(kind));
        }

        return ops;
    }

    private static List<Op> Comparison(Cursor c)
    {
        var ops = Xor(c);
        c.SkipSpace();
        foreach (var (token, kind) in Comparisons)
        {
            if (!c.StartsWith(token))
            {
                continue;
            }

            if ((int)kind < 0)
            {
                break;
            }

            c.Position += token.Length;
            ops.AddRange(Xor(c));
            ops.Add(new BinaryOp(kind));
            break;
        }

        return ops;
    }

    private static List<Op> Xor(Cursor c) => LeftAssociative(c, BitOr, ("^", BinaryKind.BitwiseXor, null));

    private static List<Op> BitOr(Cursor c) => LeftAssociative(c, BitAnd, ("|", BinaryKind.BitwiseOr, "||"));

    private static List<Op> BitAnd(Cursor c) => LeftAssociative(c, Additive, ("&", BinaryKind.BitwiseAnd, "&&"));

    private static List<Op> Additive(Cursor c) =>
        LeftAssociative(c, Multiplicative, ("+", BinaryKind.Add, null), ("-", BinaryKind.Sub, null));

    private static List<Op> Multiplicative(Cursor c) =>
        LeftAssociative(c, Unary, ("*", BinaryKind.Mul, null), ("/", BinaryKind.Div, "//"));

    private static List<Op> LeftAssociative(
        Cursor c, Func<Cursor, List<Op>> operand, params (string Token, BinaryKind Kind, string? Not)[] operators)
    {
        var ops = operand(c);
        while (true)
        {
            c.SkipSpace();
            var matched = operators.FirstOrDefault(
                o => c.StartsWith(o.Token) && (o.Not is null || !c.StartsWith(o.Not)));
            if (matched.Token is null)
            {
                return ops;
            }

            c.Position += matched.Token.Length;
            ops.AddRange(operand(c));
            ops.Add(new BinaryOp(matched.Kind));
        }
    }

    private static List<Op> Unary(Cursor c)
    {
        c.SkipSpace();
        if (c.Current == '!' && c.Peek(1) != '=')
        {
            c.Position++;
            var operand = Unary(c);
            operand.Add(new UnaryOp(UnaryKind.Negate));
            return operand;
        }

        return Methods(c);
    }

    private static List<Op> Methods(Cursor c)
    {
        var ops = Primary(c);
        while (true)
        {
            c.SkipSpace();
            if (c.Current != '.' || !Cursor.IsNameStart(c.Peek(1)))
            {
                return ops;
            }

            c.Position++;
            ops = Method(c, ops, c.Name());
        }
    }

    private static List<Op> Method(Cursor c, List<Op> receiver, string name)
    {
        c.Expect("(");
        switch (name)
        {
            case "length" or "type":
                c.Expect(")");
                receiver.Add(new UnaryOp(name == "length" ? UnaryKind.Length : UnaryKind.TypeOf));
                return receiver;
            case "all" or "any":
                c.Expect("$");
                var parameter = c.Name(allowDigitFirst: true);
                c.Expect("->");
                var body = Or(c);
                c.Expect(")");
                receiver.Add(new ClosureOp([parameter], [.. body]));
                receiver.Add(new BinaryOp(name == "all" ? BinaryKind.All : BinaryKind.Any));
                return receiver;
            case "try_or":
                List<Op> tried = [new ClosureOp([], [.. receiver])];
                tried.AddRange(Argument(c));
                tried.Add(new BinaryOp(BinaryKind.TryOr));
                return tried;
        }

        if (name.StartsWith("extern::", StringComparison.Ordinal))
        {
            var function = name["extern::".Length..];
            if (c.TryConsume(")"))
            {
                receiver.Add(new UnaryOp(UnaryKind.External, function));
                return receiver;
            }

            receiver.AddRange(Argument(c));
            receiver.Add(new BinaryOp(BinaryKind.External, function));
            return receiver;
        }

        BinaryKind kind = name switch
        {
            "contains" => BinaryKind.Contains,
            "starts_with" => BinaryKind.Prefix,
            "ends_with" => BinaryKind.Suffix,
            "matches" => BinaryKind.Regex,
            "intersection" => BinaryKind.Intersection,
            "union" => BinaryKind.Union,
            "get" => BinaryKind.Get,
            _ => throw c.Error("Unknown method ." + name + "()"),
        };
        receiver.AddRange(Argument(c));
        receiver.Add(new BinaryOp(kind));
        return receiver;
    }

    private static List<Op> Argument(Cursor c)
    {
        var ops = Or(c);
        c.Expect(")");
        return ops;
    }

    private static List<Op> Primary(Cursor c)
    {
        if (c.TryConsume("("))
        {
            var inner = Or(c);
            c.Expect(")");
            inner.Add(new UnaryOp(UnaryKind.Parens));
            return inner;
        }

        if (!TermParser.AtTerm(c))
        {
            throw c.Error("Expected an expression");
        }

        return [new ValueOp(TermParser.Parse(c))];
    }

    /// <summary>The variables an expression reads, outside the closures' own parameters.</summary>
    public static IEnumerable<string> FreeVariables(ImmutableArray<Op> ops, ImmutableHashSet<string> bound)
    {
        foreach (var op in ops)
        {
            if (op is ValueOp { Value: VariableTerm v } && !bound.Contains(v.Name))
            {
                yield return v.Name;
            }
            else if (op is ClosureOp closure)
            {
                foreach (var name in FreeVariables(closure.Ops, bound.Union(closure.Parameters)))
                {
                    yield return name;
                }
            }
        }
    }
}
