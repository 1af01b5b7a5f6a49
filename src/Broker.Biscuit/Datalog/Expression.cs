using System.Collections.Immutable;

namespace Broker.Biscuit.Datalog;

/// <summary>
/// An expression in a rule body: opcodes for a stack machine, as carried by the wire format.
/// </summary>
/// <param name="Ops">The opcodes in evaluation order.</param>
public sealed record Expression(ImmutableArray<Op> Ops)
{
    /// <summary>Prints the expression in Datalog syntax.</summary>
    public override string ToString() => DatalogPrinter.Print(this);
}

/// <summary>One opcode of an expression.</summary>
public abstract record Op;

/// <summary>Pushes a value (or the value bound to a variable).</summary>
/// <param name="Value">The term to push.</param>
public sealed record ValueOp(Term Value) : Op;

/// <summary>Pops one value and pushes the result of an operation on it.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="FunctionName">For <see cref="UnaryKind.External"/>, the external function's name.</param>
public sealed record UnaryOp(UnaryKind Kind, string? FunctionName = null) : Op;

/// <summary>Pops two values (right, then left) and pushes the result of an operation on them.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="FunctionName">For <see cref="BinaryKind.External"/>, the external function's name.</param>
public sealed record BinaryOp(BinaryKind Kind, string? FunctionName = null) : Op;

/// <summary>
/// Pushes a closure: the operand of lazy <c>&amp;&amp;</c>, <c>||</c>, <c>try_or</c> and of <c>all</c>/<c>any</c>.
/// </summary>
/// <param name="Parameters">Parameter names (without <c>$</c>); empty for lazy operands.</param>
/// <param name="Ops">The body.</param>
public sealed record ClosureOp(ImmutableArray<string> Parameters, ImmutableArray<Op> Ops) : Op;

/// <summary>Unary operations.</summary>
public enum UnaryKind
{
    /// <summary>Boolean negation, <c>!a</c>.</summary>
    Negate = 0,

    /// <summary>Parentheses: returns its operand; kept for printing.</summary>
    Parens = 1,

    /// <summary><c>.length()</c> of a string (UTF-8 bytes), byte array, set, array or map.</summary>
    Length = 2,

    /// <summary><c>.type()</c>: the name of the operand's type.</summary>
    TypeOf = 3,

    /// <summary><c>.extern::name()</c>: a function supplied by the authorizer.</summary>
    External = 4,
}

/// <summary>Binary operations; the numbers are the wire format's.</summary>
public enum BinaryKind
{
    /// <summary><c>&lt;</c></summary>
    LessThan = 0,

    /// <summary><c>&gt;</c></summary>
    GreaterThan = 1,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual = 2,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual = 3,

    /// <summary>Strict equality <c>===</c>: a type error between different types.</summary>
    Equal = 4,

    /// <summary><c>.contains()</c>: set or array membership, superset, substring, map key.</summary>
    Contains = 5,

    /// <summary><c>.starts_with()</c> on strings and arrays.</summary>
    Prefix = 6,

    /// <summary><c>.ends_with()</c> on strings and arrays.</summary>
    Suffix = 7,

    /// <summary><c>.matches()</c>: regular expression search.</summary>
    Regex = 8,

    /// <summary><c>+</c>: checked integer addition, or string concatenation.</summary>
    Add = 9,

    /// <summary><c>-</c>: checked integer subtraction.</summary>
    Sub = 10,

    /// <summary><c>*</c>: checked integer multiplication.</summary>
    Mul = 11,

    /// <summary><c>/</c>: integer division; division by zero is an error.</summary>
    Div = 12,

    /// <summary>Eager boolean and (both sides evaluated).</summary>
    And = 13,

    /// <summary>Eager boolean or (both sides evaluated).</summary>
    Or = 14,

    /// <summary><c>.intersection()</c> of sets.</summary>
    Intersection = 15,

    /// <summary><c>.union()</c> of sets.</summary>
    Union = 16,

    /// <summary><c>&amp;</c> on integers.</summary>
    BitwiseAnd = 17,

    /// <summary><c>|</c> on integers.</summary>
    BitwiseOr = 18,

    /// <summary><c>^</c> on integers.</summary>
    BitwiseXor = 19,

    /// <summary>Strict inequality <c>!==</c>.</summary>
    NotEqual = 20,

    /// <summary>Lenient equality <c>==</c>: false between different types.</summary>
    HeterogeneousEqual = 21,

    /// <summary>Lenient inequality <c>!=</c>: true between different types.</summary>
    HeterogeneousNotEqual = 22,

    /// <summary>Short-circuit <c>&amp;&amp;</c>: the right side is a closure.</summary>
    LazyAnd = 23,

    /// <summary>Short-circuit <c>||</c>: the right side is a closure.</summary>
    LazyOr = 24,

    /// <summary><c>.all($x -> ...)</c> over a set, array or map.</summary>
    All = 25,

    /// <summary><c>.any($x -> ...)</c> over a set, array or map.</summary>
    Any = 26,

    /// <summary><c>.get()</c>: array index or map key; null when absent.</summary>
    Get = 27,

    /// <summary><c>.extern::name(arg)</c>: a function supplied by the authorizer.</summary>
    External = 28,

    /// <summary><c>.try_or(default)</c>: the left side is a closure whose errors yield the default.</summary>
    TryOr = 29,
}
