using System.Collections.Immutable;

namespace Broker.Biscuit.Datalog;

/// <summary>
/// A function the authorizer supplies for <c>.extern::name()</c> calls: it gets the receiver and, for the
/// binary form, the argument (null for the unary form), and returns a term. Throwing fails the expression.
/// </summary>
/// <param name="receiver">The value left of the dot.</param>
/// <param name="argument">The argument, or null for <c>.extern::name()</c>.</param>
/// <returns>The result.</returns>
public delegate Term ExternalFunction(Term receiver, Term? argument);

/// <summary>Runs expression opcodes on a stack, with closures for lazy operators and <c>all</c>/<c>any</c>.</summary>
internal sealed partial class ExpressionEvaluator(IReadOnlyDictionary<string, ExternalFunction> externals)
{
    public Term Evaluate(ImmutableArray<Op> ops, IReadOnlyDictionary<string, Term> bindings)
    {
        var stack = new Stack<object>();
        foreach (var op in ops)
        {
            switch (op)
            {
                case ValueOp { Value: VariableTerm v }:
                    stack.Push(bindings.TryGetValue(v.Name, out var bound)
                        ? bound
                        : throw new ExpressionException(ExpressionError.UnknownVariable));
                    break;
                case ValueOp value:
                    stack.Push(value.Value);
                    break;
                case ClosureOp closure:
                    stack.Push(closure);
                    break;
                case UnaryOp unary:
                    stack.Push(Unary(unary, PopTerm(stack)));
                    break;
                case BinaryOp binary:
                    var right = Pop(stack);
                    var left = Pop(stack);
                    stack.Push(Binary(binary, left, right, bindings));
                    break;
            }
        }

        return stack.Count == 1 && stack.Peek() is Term result
            ? result
            : throw new ExpressionException(ExpressionError.InvalidStack);
    }

    private static object Pop(Stack<object> stack) =>
        stack.Count > 0 ? stack.Pop() : throw new ExpressionException(ExpressionError.InvalidStack);

    private static Term PopTerm(Stack<object> stack) => AsTerm(Pop(stack));

    private static Term AsTerm(object value) =>
        value as Term ?? throw new ExpressionException(ExpressionError.InvalidType);

    private Term Unary(UnaryOp op, Term value) => (op.Kind, value) switch
    {
        (UnaryKind.Negate, BoolTerm b) => BoolTerm.Of(!b.Value),
        (UnaryKind.Parens, _) => value,
        (UnaryKind.Length, StringTerm s) => new IntegerTerm(System.Text.Encoding.UTF8.GetByteCount(s.Value)),
        (UnaryKind.Length, BytesTerm b) => new IntegerTerm(b.Value.Length),
        (UnaryKind.Length, SetTerm s) => new IntegerTerm(s.Items.Count),
        (UnaryKind.Length, ArrayTerm a) => new IntegerTerm(a.Items.Length),
        (UnaryKind.Length, MapTerm m) => new IntegerTerm(m.Entries.Count),
        (UnaryKind.TypeOf, _) => new StringTerm(value.TypeName),
        (UnaryKind.External, _) => CallExternal(op.FunctionName, value, null),
        _ => throw new ExpressionException(ExpressionError.InvalidType),
    };

    private Term CallExternal(string? name, Term receiver, Term? argument)
    {
        if (name is null || !externals.TryGetValue(name, out var function))
        {
            throw new ExpressionException(ExpressionError.ExternalFunction);
        }

        try
        {
            return function(receiver, argument) ?? throw new ExpressionException(ExpressionError.ExternalFunction);
        }
        catch (Exception e) when (e is not ExpressionException)
        {
            throw new ExpressionException("External function failed.", e);
        }
    }

    private Term Binary(BinaryOp op, object left, object right, IReadOnlyDictionary<string, Term> bindings)
    {
        switch (op.Kind)
        {
            case BinaryKind.LazyAnd or BinaryKind.LazyOr:
                return Lazy(op.Kind, AsTerm(left), right, bindings);
            case BinaryKind.All or BinaryKind.Any:
                return Quantify(op.Kind, AsTerm(left), right, bindings);
            case BinaryKind.TryOr:
                return TryOr(left, AsTerm(right), bindings);
            case BinaryKind.External:
                return CallExternal(op.FunctionName, AsTerm(left), AsTerm(right));
            default:
                return Strict(op.Kind, AsTerm(left), AsTerm(right));
        }
    }

    private Term Lazy(BinaryKind kind, Term left, object right, IReadOnlyDictionary<string, Term> bindings)
    {
        if (left is not BoolTerm b || right is not ClosureOp { Parameters.Length: 0 } closure)
        {
            throw new ExpressionException(ExpressionError.InvalidType);
        }

        var decided = kind == BinaryKind.LazyAnd ? !b.Value : b.Value;
        return decided ? b : Evaluate(closure.Ops, bindings);
    }

    private Term TryOr(object left, Term fallback, IReadOnlyDictionary<string, Term> bindings)
    {
        if (left is not ClosureOp { Parameters.Length: 0 } closure)
        {
            throw new ExpressionException(ExpressionError.InvalidType);
        }

        try
        {
            return Evaluate(closure.Ops, bindings);
        }
        catch (ExpressionException)
        {
            return fallback;
        }
    }

    private BoolTerm Quantify(BinaryKind kind, Term left, object right, IReadOnlyDictionary<string, Term> bindings)
    {
        if (right is not ClosureOp { Parameters.Length: 1 } closure)
        {
            throw new ExpressionException(ExpressionError.InvalidType);
        }

        IEnumerable<Term> items = left switch
        {
            SetTerm s => s.Items,
            ArrayTerm a => a.Items,
            MapTerm m => m.Entries.Select(e => new ArrayTerm([e.Key, e.Value])),
            _ => throw new ExpressionException(ExpressionError.InvalidType),
        };

        var parameter = closure.Parameters[0];
        if (bindings.ContainsKey(parameter))
        {
            throw new ExpressionException(ExpressionError.ShadowedVariable);
        }

        var wanted = kind == BinaryKind.Any;
        foreach (var item in items)
        {
            var scope = new Dictionary<string, Term>(bindings) { [parameter] = item };
            if (Evaluate(closure.Ops, scope) is not BoolTerm result)
            {
                throw new ExpressionException(ExpressionError.InvalidType);
            }

            if (result.Value == wanted)
            {
                return BoolTerm.Of(wanted);
            }
        }

        return BoolTerm.Of(!wanted);
    }
}
