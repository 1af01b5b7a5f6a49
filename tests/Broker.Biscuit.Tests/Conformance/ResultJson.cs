using System.Text.Json.Nodes;
using Broker.Biscuit.Authorization;
using Broker.Biscuit.Datalog;

namespace Broker.Biscuit.Tests.Conformance;

/// <summary>Writes results and worlds in the shape samples.json uses, so they compare as JSON.</summary>
internal static class ResultJson
{
    private const ulong AuthorizerBlock = ulong.MaxValue;

    public static JsonNode Of(AuthorizationResult result) => result.Outcome switch
    {
        AuthorizationOutcome.Authorized => new JsonObject { ["Ok"] = result.PolicyIndex },
        AuthorizationOutcome.Unauthorized => Logic(new JsonObject
        {
            ["Unauthorized"] = new JsonObject
            {
                ["policy"] = new JsonObject { [result.MatchedPolicy.ToString()!] = result.PolicyIndex },
                ["checks"] = Checks(result),
            },
        }),
        AuthorizationOutcome.NoMatchingPolicy => Logic(new JsonObject
        {
            ["NoMatchingPolicy"] = new JsonObject { ["checks"] = Checks(result) },
        }),
        // The reference implementation reports block 0 for an invalid rule in any block.
        AuthorizationOutcome.InvalidBlockRule => Logic(new JsonObject
        {
            ["InvalidBlockRule"] = new JsonArray(0, result.InvalidRule!.Value.Rule),
        }),
        AuthorizationOutcome.ExecutionError =>
            Err(new JsonObject { ["Execution"] = result.ExpressionError.ToString() }),
        _ => Err(new JsonObject { ["RunLimit"] = result.Limit.ToString() }),
    };

    /// <summary>Facts as (origin, fact) pairs, rules and checks as (origin, text), policies in order.</summary>
    public static (SortedSet<string> Facts, SortedSet<string> Rules, List<string> Checks, List<string> Policies)
        Expected(JsonObject world)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in world["facts"]!.AsArray())
        {
            var origin = string.Join(
                ",", group!["origin"]!.AsArray().Select(o => o is null ? "authorizer" : o.ToString()));
            facts.UnionWith(group["facts"]!.AsArray().Select(f => $"{{{origin}}} {f}"));
        }

        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in world["rules"]!.AsArray())
        {
            rules.UnionWith(group!["rules"]!.AsArray().Select(r => $"{Block(group["origin"]!)} {r}"));
        }

        var checks = world["checks"]!.AsArray()
            .SelectMany(g => g!["checks"]!.AsArray().Select(c => $"{Block(g["origin"]!)} {c}"))
            .Order(StringComparer.Ordinal).ToList();
        var policies = world["policies"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        return (facts, rules, checks, policies);
    }

    public static (SortedSet<string> Facts, SortedSet<string> Rules, List<string> Checks, List<string> Policies)
        Actual(AuthorizerWorld world)
    {
        var facts = new SortedSet<string>(
            world.Facts.Select(f => $"{{{OriginText(f.Origin)}}} {f.Fact}"),
            StringComparer.Ordinal);
        var rules = new SortedSet<string>(
            world.Rules.Select(r => $"{Number(r.Block)} {r.Rule}"), StringComparer.Ordinal);
        var checks = world.Checks.Select(c => $"{Number(c.Block)} {c.Check}").Order(StringComparer.Ordinal).ToList();
        return (facts, rules, checks, world.Policies.Select(p => p.ToString()).ToList());
    }

    private static string Name(int block) => block == Origin.Authorizer ? "authorizer" : block.ToString(null, null);

    // samples.json lists the authorizer first in an origin, and numbers it u64::MAX as a rule's or check's block.
    private static string OriginText(Origin origin) =>
        string.Join(",", origin.Blocks.OrderBy(b => b != Origin.Authorizer).Select(Name));

    private static string Number(int block) =>
        block == Origin.Authorizer ? AuthorizerBlock.ToString(null, null) : block.ToString(null, null);

    private static string Block(JsonNode origin) => origin.ToString();

    private static JsonArray Checks(AuthorizationResult result) => [.. result.FailedChecks.Select(c => (JsonNode)(
        c.BlockId is { } block
            ? new JsonObject
            {
                ["Block"] = new JsonObject { ["block_id"] = block, ["check_id"] = c.CheckIndex, ["rule"] = c.Rule },
            }
            : new JsonObject
            {
                ["Authorizer"] = new JsonObject { ["check_id"] = c.CheckIndex, ["rule"] = c.Rule },
            }))];

    private static JsonObject Logic(JsonObject inner) => Err(new JsonObject { ["FailedLogic"] = inner });

    private static JsonObject Err(JsonObject inner) => new() { ["Err"] = inner };
}
