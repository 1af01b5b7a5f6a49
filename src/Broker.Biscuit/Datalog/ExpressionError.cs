namespace Broker.Biscuit.Datalog;

/// <summary>Why evaluating an expression failed; such a failure stops the authorization (it never passes).</summary>
public enum ExpressionError
{
    /// <summary>An operation got a value of a type it does not take (such as <c>1 === "a"</c>).</summary>
    InvalidType,

    /// <summary>Integer arithmetic overflowed.</summary>
    Overflow,

    /// <summary>Integer division by zero.</summary>
    DivideByZero,

    /// <summary>A closure parameter has the name of a variable already in scope.</summary>
    ShadowedVariable,

    /// <summary>A variable is not bound by the rule's predicates.</summary>
    UnknownVariable,

    /// <summary>The opcodes do not leave exactly one value.</summary>
    InvalidStack,

    /// <summary>An external function is not registered, or it failed.</summary>
    ExternalFunction,

    /// <summary>A regular expression took too long to run.</summary>
    RegexTimeout,
}

/// <summary>Thrown inside the engine when an expression fails; the authorizer reports it as a result.</summary>
internal sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpressionException(ExpressionError error)
        : base("Expression evaluation failed: " + error) => Error = error;

    public ExpressionError Error { get; }
}
