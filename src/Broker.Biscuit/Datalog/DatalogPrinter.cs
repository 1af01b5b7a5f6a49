using System.Globalization;
using System.Text;

namespace Broker.Biscuit.Datalog;

/// <summary>
/// Prints Datalog in the reference implementation's text form, so that printed facts, rules and checks
/// can be compared with other Biscuit libraries' output and parsed back.
/// </summary>
public static class DatalogPrinter
{
    /// <summary>Prints a term.</summary>
    /// <param name="term">The term.</param>
    /// <returns>The Datalog text.</returns>
    public static string Print(Term term) => term switch
    {
        VariableTerm v => "$" + v.Name,
        IntegerTerm i => i.Value.ToString(CultureInfo.InvariantCulture),
        StringTerm s => "\"" + s.Value + "\"",
        DateTerm d => PrintDate(d.Seconds),
        BytesTerm b => "hex:" + Convert.ToHexStringLower(b.Value),
        BoolTerm b => b.Value ? "true" : "false",
        NullTerm => "null",
        SetTerm s => s.Items.Count == 0 ? "{,}" : "{" + string.Join(", ", s.Items.Select(Print)) + "}",
        ArrayTerm a => "[" + string.Join(", ", a.Items.Select(Print)) + "]",
        MapTerm m => "{" + string.Join(", ", m.Entries.Select(e => Print(e.Key) + ": " + Print(e.Value))) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(term)),
    };

    /// <summary>Prints a predicate or fact.</summary>
    /// <param name="predicate">The predicate.</param>
    /// <returns>The Datalog text.</returns>
    public static string Print(Predicate predicate) =>
        predicate.Name + "(" + string.Join(", ", predicate.Terms.Select(Print)) + ")";

    /// <summary>Prints a rule as <c>head &lt;- body</c>.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The Datalog text.</returns>
    public static string Print(Rule rule) => Print(rule.Head) + " <- " + PrintBody(rule);

    /// <summary>Prints a check.</summary>
    /// <param name="check">The check.</param>
    /// <returns>The Datalog text.</returns>
    public static string Print(Check check)
    {
        var prefix = check.Kind switch
        {
            CheckKind.All => "check all ",
            CheckKind.Reject => "reject if ",
            _ => "check if ",
        };
        return prefix + string.Join(" or ", check.Queries.Select(PrintBody));
    }

    /// <summary>Prints a policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The Datalog text.</returns>
    public static string Print(Policy policy) =>
        (policy.Kind == PolicyKind.Allow ? "allow if " : "deny if ") +
        string.Join(" or ", policy.Queries.Select(PrintBody));

    /// <summary>Prints a scope as written after <c>trusting</c>.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The Datalog text.</returns>
    public static string Print(Scope scope) => scope switch
    {
        KindScope { Kind: ScopeKind.Authority } => "authority",
        KindScope { Kind: ScopeKind.Previous } => "previous",
        PublicKeyScope k => k.Key.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    /// <summary>Prints an expression from its opcodes.</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>The Datalog text.</returns>
    /// <exception cref="BiscuitFormatException">The opcodes do not form one expression.</exception>
    public static string Print(Expression expression) => PrintOps(expression.Ops);

    /// <summary>Prints a date as RFC 3339 in UTC.</summary>
    /// <param name="seconds">Seconds since the Unix epoch.</param>
    /// <returns>The text, such as <c>2024-01-31T12:00:00Z</c>.</returns>
    public static string PrintDate(ulong seconds)
    {
        if (seconds > 253402300799UL)
        {
            // Past year 9999 no RFC 3339 form exists; the raw count keeps the value visible.
            return seconds.ToString(CultureInfo.InvariantCulture);
        }

        var instant = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        return instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static string PrintBody(Rule rule)
    {
        var parts = rule.Body.Select(Print).Concat(rule.Expressions.Select(Print));
        var text = new StringBuilder(string.Join(", ", parts));
        if (rule.Scopes.Length > 0)
        {
            text.Append(" trusting ").Append(string.Join(", ", rule.Scopes.Select(Print)));
        }

        return text.ToString();
    }

    private static string PrintOps(IEnumerable<Op> ops)
    {
        var stack = new Stack<string>();
        foreach (var op in ops)
        {
            switch (op)
            {
                case ValueOp v:
                    stack.Push(Print(v.Value));
                    break;
                case ClosureOp c:
                    var body = PrintOps(c.Ops);
                    stack.Push(c.Parameters.Length == 0
                        ? body
                        : string.Join(", ", c.Parameters.Select(p => "$" + p)) + " -> " + body);
                    break;
                case UnaryOp u:
                    stack.Push(PrintUnary(u, Pop(stack)));
                    break;
                case BinaryOp b:
                    var right = Pop(stack);
                    stack.Push(PrintBinary(b, Pop(stack), right));
                    break;
            }
        }

        return stack.Count == 1 ? stack.Pop() : throw new BiscuitFormatException("Malformed expression.");
    }

    private static string Pop(Stack<string> stack) =>
        stack.Count > 0 ? stack.Pop() : throw new BiscuitFormatException("Malformed expression.");

    private static string PrintUnary(UnaryOp op, string value) => op.Kind switch
    {
        UnaryKind.Negate => "!" + value,
        UnaryKind.Parens => "(" + value + ")",
        UnaryKind.Length => value + ".length()",
        UnaryKind.TypeOf => value + ".type()",
        UnaryKind.External => value + ".extern::" + op.FunctionName + "()",
        _ => throw new BiscuitFormatException("Unknown unary operation."),
    };

    private static string PrintBinary(BinaryOp op, string left, string right) => op.Kind switch
    {
        BinaryKind.LessThan => $"{left} < {right}",
        BinaryKind.GreaterThan => $"{left} > {right}",
        BinaryKind.LessOrEqual => $"{left} <= {right}",
        BinaryKind.GreaterOrEqual => $"{left} >= {right}",
        BinaryKind.Equal => $"{left} === {right}",
        BinaryKind.NotEqual => $"{left} !== {right}",
        BinaryKind.HeterogeneousEqual => $"{left} == {right}",
        BinaryKind.HeterogeneousNotEqual => $"{left} != {right}",
        BinaryKind.Contains => $"{left}.contains({right})",
        BinaryKind.Prefix => $"{left}.starts_with({right})",
        BinaryKind.Suffix => $"{left}.ends_with({right})",
        BinaryKind.Regex => $"{left}.matches({right})",
        BinaryKind.Add => $"{left} + {right}",
        BinaryKind.Sub => $"{left} - {right}",
        BinaryKind.Mul => $"{left} * {right}",
        BinaryKind.Div => $"{left} / {right}",
        BinaryKind.And or BinaryKind.LazyAnd => $"{left} && {right}",
        BinaryKind.Or or BinaryKind.LazyOr => $"{left} || {right}",
        BinaryKind.Intersection => $"{left}.intersection({right})",
        BinaryKind.Union => $"{left}.union({right})",
        BinaryKind.BitwiseAnd => $"{left} & {right}",
        BinaryKind.BitwiseOr => $"{left} | {right}",
        BinaryKind.BitwiseXor => $"{left} ^ {right}",
        BinaryKind.All => $"{left}.all({right})",
        BinaryKind.Any => $"{left}.any({right})",
        BinaryKind.Get => $"{left}.get({right})",
        BinaryKind.TryOr => $"{left}.try_or({right})",
        BinaryKind.External => $"{left}.extern::{op.FunctionName}({right})",
        _ => throw new BiscuitFormatException("Unknown binary operation."),
    };
}
