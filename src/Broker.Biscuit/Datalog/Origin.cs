using System.Collections.Immutable;
using Broker.Biscuit.Crypto;

namespace Broker.Biscuit.Datalog;

/// <summary>
/// The set of block ids that a fact depends on: the block that stated it, or for a generated fact the rule's
/// block and the origins of every fact the rule matched. The authorizer is <see cref="Authorizer"/>.
/// </summary>
public sealed class Origin : IEquatable<Origin>
{
    /// <summary>The block id of the authorizer (facts, rules, checks and policies it adds).</summary>
    public const int Authorizer = int.MaxValue;

    private readonly int[] _blocks;

    private Origin(int[] sortedDistinct) => _blocks = sortedDistinct;

    /// <summary>The origin of nothing (the start of a union).</summary>
    public static Origin Empty { get; } = new([]);

    /// <summary>The block ids, ascending (the authorizer last).</summary>
    public IReadOnlyList<int> Blocks => _blocks;

    /// <summary>The origin of a single block.</summary>
    /// <param name="block">The block id.</param>
    /// <returns>The origin.</returns>
    public static Origin Of(int block) => new([block]);

    /// <summary>The union with another origin.</summary>
    /// <param name="other">The other origin.</param>
    /// <returns>The union.</returns>
    public Origin Union(Origin other)
    {
        if (other._blocks.Length == 0 || ReferenceEquals(this, other))
        {
            return this;
        }

        return _blocks.Length == 0 ? other : new Origin([.. _blocks.Union(other._blocks).Order()]);
    }

    /// <summary>The union with one more block.</summary>
    /// <param name="block">The block id.</param>
    /// <returns>The union.</returns>
    public Origin With(int block) => _blocks.Contains(block) ? this : new Origin([.. _blocks.Append(block).Order()]);

    /// <inheritdoc />
    public bool Equals(Origin? other) => other is not null && _blocks.AsSpan().SequenceEqual(other._blocks);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Origin other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var block in _blocks)
        {
            hash.Add(block);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() =>
        "{" + string.Join(", ", _blocks.Select(b => b == Authorizer ? "authorizer" : b.ToString(null, null))) + "}";
}

/// <summary>The block ids whose facts a rule, check or policy may match.</summary>
internal sealed class TrustedOrigins
{
    private readonly ImmutableHashSet<int> _blocks;

    private TrustedOrigins(ImmutableHashSet<int> blocks) => _blocks = blocks;

    /// <summary>The default: the authority block and the authorizer.</summary>
    public static TrustedOrigins Default { get; } = new([0, Origin.Authorizer]);

    public bool Contains(Origin origin) => origin.Blocks.All(_blocks.Contains);

    /// <summary>
    /// Resolves <c>trusting</c> scopes for code in <paramref name="currentBlock"/>; without scopes the
    /// defaults apply. The current block and the authorizer are always trusted.
    /// </summary>
    public static TrustedOrigins FromScopes(
        IReadOnlyCollection<Scope> scopes,
        TrustedOrigins defaults,
        int currentBlock,
        IReadOnlyDictionary<BiscuitPublicKey, List<int>> blocksByKey)
    {
        if (scopes.Count == 0)
        {
            return new TrustedOrigins(defaults._blocks.Add(currentBlock).Add(Origin.Authorizer));
        }

        var blocks = ImmutableHashSet.CreateBuilder<int>();
        blocks.Add(Origin.Authorizer);
        blocks.Add(currentBlock);
        foreach (var scope in scopes)
        {
            switch (scope)
            {
                case KindScope { Kind: ScopeKind.Authority }:
                    blocks.Add(0);
                    break;
                case KindScope { Kind: ScopeKind.Previous } when currentBlock != Origin.Authorizer:
                    blocks.UnionWith(Enumerable.Range(0, currentBlock + 1));
                    break;
                case PublicKeyScope key when blocksByKey.TryGetValue(key.Key, out var ids):
                    blocks.UnionWith(ids);
                    break;
            }
        }

        return new TrustedOrigins(blocks.ToImmutable());
    }
}
