using System.Collections.Immutable;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Datalog;

namespace Broker.Biscuit.Token;

/// <summary>The Datalog content of one block of a token, with its symbols resolved.</summary>
/// <param name="Facts">The facts.</param>
/// <param name="Rules">The rules.</param>
/// <param name="Checks">The checks.</param>
/// <param name="Scopes">The block-wide <c>trusting</c> scopes (empty: authority and authorizer).</param>
/// <param name="Version">The Datalog version the block declares (3 to 6).</param>
/// <param name="Context">Free text the issuer attached, if any.</param>
/// <param name="ExternalKey">For a third-party block, the key that signed it.</param>
public sealed record Block(
    ImmutableArray<Fact> Facts,
    ImmutableArray<Rule> Rules,
    ImmutableArray<Check> Checks,
    ImmutableArray<Scope> Scopes,
    uint Version,
    string? Context,
    BiscuitPublicKey? ExternalKey)
{
    /// <summary>Prints the block's Datalog, one statement a line.</summary>
    public override string ToString()
    {
        var lines = new List<string>();
        if (Scopes.Length > 0)
        {
            lines.Add("trusting " + string.Join(", ", Scopes.Select(DatalogPrinter.Print)) + ";");
        }

        lines.AddRange(Facts.Select(f => f + ";"));
        lines.AddRange(Rules.Select(r => r + ";"));
        lines.AddRange(Checks.Select(c => c + ";"));
        return string.Join("\n", lines);
    }
}
