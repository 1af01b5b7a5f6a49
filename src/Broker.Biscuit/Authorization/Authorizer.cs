using System.Collections.Immutable;
using Broker.Biscuit.Datalog;
using Broker.Biscuit.Parsing;
using Broker.Biscuit.Token;

namespace Broker.Biscuit.Authorization;

/// <summary>
/// Decides whether a verified token grants a request: loads the token's blocks, adds the request's facts,
/// its own rules, checks and policies, runs the rules to a fixpoint, then tests every check and the first
/// policy that matches.
/// </summary>
/// <remarks>
/// Fails closed: a failed check, a deny policy, no matching policy, an expression error or an exceeded limit
/// all deny. Not thread-safe; create one authorizer per request.
/// </remarks>
/// <example>
/// <code>
/// var token = BiscuitToken.FromBase64(text, rootPublicKey);
/// var result = new Authorizer(token)
///     .AddCode(BrokerTokens.TimeFact(now) + "allow if right(\"news\", \"get\");")
///     .Authorize();
/// if (!result.IsAuthorized) { /* 403 */ }
/// </code>
/// </example>
public sealed partial class Authorizer
{
    private readonly BiscuitToken? _token;
    private readonly List<Fact> _facts = [];
    private readonly List<Rule> _rules = [];
    private readonly List<Check> _checks = [];
    private readonly List<Policy> _policies = [];
    private readonly List<Scope> _scopes = [];
    private readonly Dictionary<string, ExternalFunction> _functions = new(StringComparer.Ordinal);

    /// <summary>Creates an authorizer for a verified token, or for no token (to evaluate Datalog alone).</summary>
    /// <param name="token">
    /// The token, already verified (see <see cref="BiscuitToken.FromBase64"/>).
    /// </param>
    public Authorizer(BiscuitToken? token = null) => _token = token;

    /// <summary>The limits of <see cref="Authorize"/>.</summary>
    public RunLimits Limits { get; set; } = new();

    /// <summary>What the last <see cref="Authorize"/> call knew when it decided (null before).</summary>
    public AuthorizerWorld? World { get; private set; }

    /// <summary>Adds facts, rules, checks and policies written in Datalog.</summary>
    /// <param name="source">Statements separated by semicolons; may start with <c>trusting ...;</c>.</param>
    /// <returns>This authorizer.</returns>
    /// <exception cref="DatalogParseException">The text is not valid Datalog.</exception>
    public Authorizer AddCode(string source)
    {
        var parsed = DatalogParser.ParseSource(source);
        _facts.AddRange(parsed.Facts);
        _rules.AddRange(parsed.Rules);
        _checks.AddRange(parsed.Checks);
        _policies.AddRange(parsed.Policies);
        _scopes.AddRange(parsed.Scopes);
        return this;
    }

    /// <summary>Adds a fact about the request, such as <c>resource("news")</c>.</summary>
    /// <param name="fact">The fact.</param>
    /// <returns>This authorizer.</returns>
    public Authorizer AddFact(Fact fact)
    {
        _facts.Add(fact);
        return this;
    }

    /// <summary>Adds a rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This authorizer.</returns>
    public Authorizer AddRule(Rule rule)
    {
        _rules.Add(rule);
        return this;
    }

    /// <summary>Adds a check of the authorizer's own.</summary>
    /// <param name="check">The check.</param>
    /// <returns>This authorizer.</returns>
    public Authorizer AddCheck(Check check)
    {
        _checks.Add(check);
        return this;
    }

    /// <summary>Adds a policy; policies are tried in the order added.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>This authorizer.</returns>
    public Authorizer AddPolicy(Policy policy)
    {
        _policies.Add(policy);
        return this;
    }

    /// <summary>Makes a function available to <c>.extern::name()</c> calls in expressions.</summary>
    /// <param name="name">The name after <c>extern::</c>.</param>
    /// <param name="function">The function.</param>
    /// <returns>This authorizer.</returns>
    public Authorizer RegisterFunction(string name, ExternalFunction function)
    {
        _functions[name] = function;
        return this;
    }

    /// <summary>Runs the authorization.</summary>
    /// <returns>The result; only <see cref="AuthorizationResult.IsAuthorized"/> grants access.</returns>
    public AuthorizationResult Authorize()
    {
        var run = new AuthorizationRun(this);
        try
        {
            return run.Execute();
        }
        catch (ExpressionException e)
        {
            return new AuthorizationResult
            {
                Outcome = AuthorizationOutcome.ExecutionError,
                ExpressionError = e.Error,
            };
        }
        catch (RunLimitException e)
        {
            return new AuthorizationResult { Outcome = AuthorizationOutcome.LimitExceeded, Limit = e.Limit };
        }
        finally
        {
            World = run.Snapshot();
        }
    }

    private ImmutableArray<Block> TokenBlocks => _token?.Blocks ?? [];
}
