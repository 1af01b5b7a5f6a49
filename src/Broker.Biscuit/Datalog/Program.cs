using System.Collections.Immutable;
using Broker.Biscuit.Crypto;

namespace Broker.Biscuit.Datalog;

/// <summary>A predicate: a name and terms, such as <c>right("news", "get")</c>.</summary>
public sealed class Predicate : IEquatable<Predicate>
{
    /// <summary>Creates a predicate.</summary>
    /// <param name="name">The predicate name.</param>
    /// <param name="terms">The terms.</param>
    public Predicate(string name, IEnumerable<Term> terms)
    {
        Name = name;
        Terms = [.. terms];
    }

    /// <summary>The predicate name.</summary>
    public string Name { get; }

    /// <summary>The terms.</summary>
    public ImmutableArray<Term> Terms { get; }

    /// <inheritdoc />
    public bool Equals(Predicate? other) =>
        other is not null && Name == other.Name && Terms.SequenceEqual(other.Terms);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Predicate other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), Sequences.Hash(Terms));

    /// <summary>Prints the predicate in Datalog syntax.</summary>
    public override string ToString() => DatalogPrinter.Print(this);
}

/// <summary>A fact: a predicate without variables.</summary>
/// <param name="Predicate">The predicate.</param>
public sealed record Fact(Predicate Predicate)
{
    /// <summary>Prints the fact in Datalog syntax.</summary>
    public override string ToString() => DatalogPrinter.Print(Predicate);
}

/// <summary>Where a rule, check or policy may take its facts from: <c>trusting ...</c>.</summary>
public abstract record Scope
{
    /// <summary><c>trusting authority</c>: the authority block (and the authorizer).</summary>
    public static Scope Authority { get; } = new KindScope(ScopeKind.Authority);

    /// <summary><c>trusting previous</c>: every earlier block (ignored in the authorizer).</summary>
    public static Scope Previous { get; } = new KindScope(ScopeKind.Previous);
}

/// <summary>The two scopes that name blocks by position.</summary>
public enum ScopeKind
{
    /// <summary>The authority block.</summary>
    Authority,

    /// <summary>All blocks before the current one.</summary>
    Previous,
}

/// <summary>A scope naming blocks by position.</summary>
/// <param name="Kind">Which blocks.</param>
public sealed record KindScope(ScopeKind Kind) : Scope;

/// <summary>A scope trusting the blocks signed by a third party's key.</summary>
/// <param name="Key">The third party's public key.</param>
public sealed record PublicKeyScope(BiscuitPublicKey Key) : Scope;

/// <summary>
/// A rule <c>head &lt;- body, expressions trusting scopes</c>; the queries of checks and policies are rules too.
/// </summary>
/// <param name="Head">The head; for queries a predicate named <c>query</c> without terms.</param>
/// <param name="Body">The predicates to match.</param>
/// <param name="Expressions">The expressions that must all evaluate to <c>true</c>.</param>
/// <param name="Scopes">The trusted origins; empty means the block's defaults.</param>
public sealed record Rule(
    Predicate Head,
    ImmutableArray<Predicate> Body,
    ImmutableArray<Expression> Expressions,
    ImmutableArray<Scope> Scopes)
{
    /// <summary>Prints the rule in Datalog syntax.</summary>
    public override string ToString() => DatalogPrinter.Print(this);
}

/// <summary>How a check's queries decide.</summary>
public enum CheckKind
{
    /// <summary><c>check if</c>: some query finds a match.</summary>
    One = 0,

    /// <summary><c>check all</c>: some query matches and every match satisfies its expressions.</summary>
    All = 1,

    /// <summary><c>reject if</c>: fails when some query finds a match.</summary>
    Reject = 2,
}

/// <summary>A check: queries joined by <c>or</c>.</summary>
/// <param name="Kind">How the queries decide.</param>
/// <param name="Queries">The queries.</param>
public sealed record Check(CheckKind Kind, ImmutableArray<Rule> Queries)
{
    /// <summary>Prints the check in Datalog syntax.</summary>
    public override string ToString() => DatalogPrinter.Print(this);
}

/// <summary>Whether a policy allows or denies.</summary>
public enum PolicyKind
{
    /// <summary><c>allow if</c></summary>
    Allow = 0,

    /// <summary><c>deny if</c></summary>
    Deny = 1,
}

/// <summary>An authorizer policy: queries joined by <c>or</c>.</summary>
/// <param name="Kind">Allow or deny.</param>
/// <param name="Queries">The queries.</param>
public sealed record Policy(PolicyKind Kind, ImmutableArray<Rule> Queries)
{
    /// <summary>Prints the policy in Datalog syntax.</summary>
    public override string ToString() => DatalogPrinter.Print(this);
}
