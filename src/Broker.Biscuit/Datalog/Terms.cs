using System.Collections.Immutable;

namespace Broker.Biscuit.Datalog;

/// <summary>A variable, bound to a value when a rule matches facts.</summary>
/// <param name="name">The variable name without the leading <c>$</c>.</param>
public sealed class VariableTerm(string name) : Term
{
    /// <summary>The variable name without the leading <c>$</c>.</summary>
    public string Name { get; } = name;

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Variable;

    /// <inheritdoc />
    public override bool HasVariables => true;

    private protected override int CompareSameKind(Term other) =>
        string.CompareOrdinal(Name, ((VariableTerm)other).Name);

    private protected override int ValueHash() => StringComparer.Ordinal.GetHashCode(Name);
}

/// <summary>A signed 64-bit integer.</summary>
/// <param name="value">The value.</param>
public sealed class IntegerTerm(long value) : Term
{
    /// <summary>The value.</summary>
    public long Value { get; } = value;

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Integer;

    private protected override int CompareSameKind(Term other) => Value.CompareTo(((IntegerTerm)other).Value);

    private protected override int ValueHash() => Value.GetHashCode();
}

/// <summary>A string.</summary>
/// <param name="value">The value.</param>
public sealed class StringTerm(string value) : Term
{
    /// <summary>The value.</summary>
    public string Value { get; } = value;

    /// <inheritdoc />
    public override TermKind Kind => TermKind.String;

    private protected override int CompareSameKind(Term other) =>
        string.CompareOrdinal(Value, ((StringTerm)other).Value);

    private protected override int ValueHash() => StringComparer.Ordinal.GetHashCode(Value);
}

/// <summary>A date: seconds since 1970-01-01T00:00:00Z.</summary>
/// <param name="seconds">Seconds since the Unix epoch.</param>
public sealed class DateTerm(ulong seconds) : Term
{
    /// <summary>Seconds since the Unix epoch.</summary>
    public ulong Seconds { get; } = seconds;

    /// <summary>Makes a date term from an instant (sub-second precision is dropped).</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The term.</returns>
    public static DateTerm From(DateTimeOffset instant)
    {
        var seconds = instant.ToUnixTimeSeconds();
        return new DateTerm(seconds < 0 ? 0 : (ulong)seconds);
    }

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Date;

    private protected override int CompareSameKind(Term other) => Seconds.CompareTo(((DateTerm)other).Seconds);

    private protected override int ValueHash() => Seconds.GetHashCode();
}

/// <summary>A byte array.</summary>
public sealed class BytesTerm : Term
{
    private readonly byte[] _value;

    /// <summary>Creates a byte array term (the bytes are copied).</summary>
    /// <param name="value">The bytes.</param>
    public BytesTerm(ReadOnlySpan<byte> value) => _value = value.ToArray();

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Bytes;

    private protected override int CompareSameKind(Term other) =>
        _value.AsSpan().SequenceCompareTo(((BytesTerm)other)._value);

    private protected override int ValueHash()
    {
        var hash = new HashCode();
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }
}

/// <summary>A boolean.</summary>
public sealed class BoolTerm : Term
{
    private BoolTerm(bool value) => Value = value;

    /// <summary>The term <c>true</c>.</summary>
    public static BoolTerm True { get; } = new(true);

    /// <summary>The term <c>false</c>.</summary>
    public static BoolTerm False { get; } = new(false);

    /// <summary>The term for a boolean value.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see cref="True"/> or <see cref="False"/>.</returns>
    public static BoolTerm Of(bool value) => value ? True : False;

    /// <summary>The value.</summary>
    public bool Value { get; }

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Bool;

    private protected override int CompareSameKind(Term other) => Value.CompareTo(((BoolTerm)other).Value);

    private protected override int ValueHash() => Value.GetHashCode();
}

/// <summary>The null value.</summary>
public sealed class NullTerm : Term
{
    private NullTerm()
    {
    }

    /// <summary>The only null term.</summary>
    public static NullTerm Instance { get; } = new();

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Null;

    private protected override int CompareSameKind(Term other) => 0;

    private protected override int ValueHash() => 0;
}

/// <summary>A set of distinct terms, kept sorted.</summary>
public sealed class SetTerm : Term
{
    /// <summary>Creates a set; duplicates are dropped.</summary>
    /// <param name="items">The members.</param>
    public SetTerm(IEnumerable<Term> items) => Items = items.ToImmutableSortedSet();

    /// <summary>The members, in term order.</summary>
    public ImmutableSortedSet<Term> Items { get; }

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Set;

    /// <inheritdoc />
    public override bool HasVariables => Items.Any(i => i.HasVariables);

    private protected override int CompareSameKind(Term other) => Sequences.Compare(Items, ((SetTerm)other).Items);

    private protected override int ValueHash() => Sequences.Hash(Items);
}

/// <summary>An ordered array of terms.</summary>
/// <param name="items">The elements.</param>
public sealed class ArrayTerm(IEnumerable<Term> items) : Term
{
    /// <summary>The elements in order.</summary>
    public ImmutableArray<Term> Items { get; } = [.. items];

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Array;

    /// <inheritdoc />
    public override bool HasVariables => Items.Any(i => i.HasVariables);

    private protected override int CompareSameKind(Term other) =>
        Sequences.Compare(Items, ((ArrayTerm)other).Items);

    private protected override int ValueHash() => Sequences.Hash(Items);
}

/// <summary>A map from integer or string keys to terms, kept sorted by key.</summary>
public sealed class MapTerm : Term
{
    /// <summary>Creates a map; a later entry replaces an earlier one with the same key.</summary>
    /// <param name="entries">The entries; keys must be <see cref="IntegerTerm"/> or <see cref="StringTerm"/>.</param>
    /// <exception cref="ArgumentException">A key is neither an integer nor a string.</exception>
    public MapTerm(IEnumerable<KeyValuePair<Term, Term>> entries)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<Term, Term>();
        foreach (var (key, value) in entries)
        {
            if (key is not IntegerTerm and not StringTerm)
            {
                throw new ArgumentException("Map keys must be integers or strings.", nameof(entries));
            }

            builder[key] = value;
        }

        Entries = builder.ToImmutable();
    }

    /// <summary>The entries in key order.</summary>
    public ImmutableSortedDictionary<Term, Term> Entries { get; }

    /// <inheritdoc />
    public override TermKind Kind => TermKind.Map;

    /// <inheritdoc />
    public override bool HasVariables => Entries.Values.Any(v => v.HasVariables);

    private protected override int CompareSameKind(Term other)
    {
        var mine = Entries.SelectMany(e => new[] { e.Key, e.Value });
        var theirs = ((MapTerm)other).Entries.SelectMany(e => new[] { e.Key, e.Value });
        return Sequences.Compare(mine, theirs);
    }

    private protected override int ValueHash() => Sequences.Hash(Entries.SelectMany(e => new[] { e.Key, e.Value }));
}

/// <summary>Lexicographic comparison and hashing of term sequences.</summary>
internal static class Sequences
{
    public static int Compare(IEnumerable<Term> left, IEnumerable<Term> right)
    {
        using var l = left.GetEnumerator();
        using var r = right.GetEnumerator();
        while (true)
        {
            var hasLeft = l.MoveNext();
            var hasRight = r.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft.CompareTo(hasRight);
            }

            var order = l.Current.CompareTo(r.Current);
            if (order != 0)
            {
                return order;
            }
        }
    }

    public static int Hash(IEnumerable<Term> items)
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
