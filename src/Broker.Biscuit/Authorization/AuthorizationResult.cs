using System.Collections.Immutable;
using Broker.Biscuit.Datalog;

namespace Broker.Biscuit.Authorization;

/// <summary>How an authorization ended.</summary>
public enum AuthorizationOutcome
{
    /// <summary>Every check passed and an allow policy matched.</summary>
    Authorized,

    /// <summary>A check failed, or a deny policy matched.</summary>
    Unauthorized,

    /// <summary>No policy matched (the request is denied).</summary>
    NoMatchingPolicy,

    /// <summary>A token block holds a rule whose head uses a variable its body does not bind.</summary>
    InvalidBlockRule,

    /// <summary>
    /// An expression failed (type error, overflow, ...); see <see cref="AuthorizationResult.ExpressionError"/>.
    /// </summary>
    ExecutionError,

    /// <summary>A run limit was exceeded; see <see cref="AuthorizationResult.Limit"/>.</summary>
    LimitExceeded,
}

/// <summary>A check that did not pass.</summary>
/// <param name="BlockId">The token block that holds it, or null for the authorizer's own checks.</param>
/// <param name="CheckIndex">Its position among that block's (or the authorizer's) checks.</param>
/// <param name="Rule">The check's Datalog text.</param>
public sealed record FailedCheck(int? BlockId, int CheckIndex, string Rule);

/// <summary>The result of <see cref="Authorizer.Authorize"/>. Only <see cref="IsAuthorized"/> grants access.</summary>
public sealed record AuthorizationResult
{
    /// <summary>How the authorization ended.</summary>
    public required AuthorizationOutcome Outcome { get; init; }

    /// <summary>Whether access is granted: every check passed and an allow policy matched.</summary>
    public bool IsAuthorized => Outcome == AuthorizationOutcome.Authorized;

    /// <summary>The index of the policy that matched, if one did.</summary>
    public int? PolicyIndex { get; init; }

    /// <summary>Whether the matching policy was allow or deny, if one matched.</summary>
    public PolicyKind? MatchedPolicy { get; init; }

    /// <summary>The checks that failed, authorizer checks first, then by block.</summary>
    public ImmutableArray<FailedCheck> FailedChecks { get; init; } = [];

    /// <summary>For <see cref="AuthorizationOutcome.ExecutionError"/>, what failed.</summary>
    public ExpressionError? ExpressionError { get; init; }

    /// <summary>For <see cref="AuthorizationOutcome.LimitExceeded"/>, which limit.</summary>
    public RunLimit? Limit { get; init; }

    /// <summary>For <see cref="AuthorizationOutcome.InvalidBlockRule"/>, the block and rule text.</summary>
    public (int BlockId, string Rule)? InvalidRule { get; init; }

    /// <summary>A one-line description, safe to log (it holds Datalog, no keys).</summary>
    public override string ToString() => Outcome switch
    {
        AuthorizationOutcome.Authorized => $"authorized by policy {PolicyIndex}",
        AuthorizationOutcome.Unauthorized => $"unauthorized: {MatchedPolicy} policy {PolicyIndex}; failed checks: " +
                                             string.Join("; ", FailedChecks.Select(c => c.Rule)),
        AuthorizationOutcome.NoMatchingPolicy => "no policy matched; failed checks: " +
                                                 string.Join("; ", FailedChecks.Select(c => c.Rule)),
        AuthorizationOutcome.InvalidBlockRule => $"invalid rule in block {InvalidRule?.BlockId}: {InvalidRule?.Rule}",
        AuthorizationOutcome.ExecutionError => $"expression error: {ExpressionError}",
        _ => $"run limit exceeded: {Limit}",
    };
}

/// <summary>What the authorizer knew when it decided: for debugging and conformance tests.</summary>
/// <param name="Facts">Every fact with its origin (block ids; <see cref="Origin.Authorizer"/> for its own).</param>
/// <param name="Rules">Every rule with the block id it came from.</param>
/// <param name="Checks">Every check with the block id it came from.</param>
/// <param name="Policies">The authorizer's policies.</param>
public sealed record AuthorizerWorld(
    ImmutableArray<(Origin Origin, Fact Fact)> Facts,
    ImmutableArray<(int Block, Rule Rule)> Rules,
    ImmutableArray<(int Block, Check Check)> Checks,
    ImmutableArray<Policy> Policies);
