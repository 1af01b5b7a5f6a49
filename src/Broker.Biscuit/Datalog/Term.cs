namespace Broker.Biscuit.Datalog;

/// <summary>
/// A value in Biscuit Datalog: a variable, integer, string, date, byte array, boolean, null, set, array or map.
/// </summary>
/// <remarks>
/// Terms compare by value. Their total order (by kind, then by value) is the order in which sets and maps
/// are printed. Instances are immutable.
/// </remarks>
public abstract class Term : IEquatable<Term>, IComparable<Term>
{
    private protected Term()
    {
    }

    /// <summary>The kind of this term, also its rank in the order between kinds.</summary>
    public abstract TermKind Kind { get; }

    /// <summary>The name that the Datalog <c>type()</c> method gives for this term.</summary>
    public string TypeName => Kind switch
    {
        TermKind.Integer => "integer",
        TermKind.String => "string",
        TermKind.Date => "date",
        TermKind.Bytes => "bytes",
        TermKind.Bool => "bool",
        TermKind.Set => "set",
        TermKind.Null => "null",
        TermKind.Array => "array",
        TermKind.Map => "map",
        _ => "variable",
    };

    /// <summary>Whether this term is a variable or contains one (a fact may not).</summary>
    public virtual bool HasVariables => false;

    /// <inheritdoc />
    public bool Equals(Term? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Term other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, ValueHash());

    /// <inheritdoc />
    public int CompareTo(Term? other)
    {
        if (other is null)
        {
            return 1;
        }

        return Kind != other.Kind ? Kind.CompareTo(other.Kind) : CompareSameKind(other);
    }

    /// <summary>Prints the term in Datalog syntax.</summary>
    public override string ToString() => DatalogPrinter.Print(this);

    /// <summary>Compares with a term of the same kind.</summary>
    private protected abstract int CompareSameKind(Term other);

    /// <summary>A hash of the value alone.</summary>
    private protected abstract int ValueHash();

    /// <summary>Equality operator.</summary>
    public static bool operator ==(Term? left, Term? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(Term? left, Term? right) => !(left == right);

    /// <summary>Ordering operator.</summary>
    public static bool operator <(Term left, Term right) => Compare(left, right) < 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >(Term left, Term right) => Compare(left, right) > 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator <=(Term left, Term right) => Compare(left, right) <= 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >=(Term left, Term right) => Compare(left, right) >= 0;

    private static int Compare(Term? left, Term? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}

/// <summary>The kinds of terms, in the order used to sort terms of different kinds.</summary>
public enum TermKind
{
    /// <summary>A variable such as <c>$user</c>.</summary>
    Variable,

    /// <summary>A signed 64-bit integer.</summary>
    Integer,

    /// <summary>A UTF-8 string.</summary>
    String,

    /// <summary>A date, in seconds since the Unix epoch (UTC).</summary>
    Date,

    /// <summary>A byte array, written <c>hex:01ab</c>.</summary>
    Bytes,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>A set of terms (no variables, no nested sets).</summary>
    Set,

    /// <summary>The null value (Datalog 3.3).</summary>
    Null,

    /// <summary>An ordered array of terms (Datalog 3.3).</summary>
    Array,

    /// <summary>A map from integer or string keys to terms (Datalog 3.3).</summary>
    Map,
}
