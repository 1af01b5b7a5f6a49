using System.Collections.Immutable;
using System.Diagnostics;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Datalog;
using Broker.Biscuit.Token;

namespace Broker.Biscuit.Authorization;

/// <summary>One run of an authorizer, in the reference implementation's order of evaluation.</summary>
public sealed partial class Authorizer
{
    private sealed class AuthorizationRun
    {
        private readonly Authorizer _owner;
        private readonly World _world;
        private readonly ImmutableArray<Block> _blocks;
        private readonly Dictionary<BiscuitPublicKey, List<int>> _blocksByKey = [];
        private readonly List<(int, Rule)> _loadedRules = [];
        private readonly List<(int, Check)> _loadedChecks = [];
        private readonly List<FailedCheck> _failures = [];

        public AuthorizationRun(Authorizer owner)
        {
            _owner = owner;
            _blocks = owner.TokenBlocks;
            var evaluator = new ExpressionEvaluator(owner._functions);
            _world = new World(evaluator, owner.Limits, Stopwatch.GetTimestamp());
            for (var i = 0; i < _blocks.Length; i++)
            {
                if (_blocks[i].ExternalKey is { } key)
                {
                    if (!_blocksByKey.TryGetValue(key, out var ids))
                    {
                        ids = [];
                        _blocksByKey.Add(key, ids);
                    }

                    ids.Add(i);
                }
            }
        }

        public AuthorizationResult Execute()
        {
            var invalid = LoadToken();
            if (invalid is not null)
            {
                return invalid;
            }

            var authorizerTrusted = Trust(_owner._scopes, TrustedOrigins.Default, Origin.Authorizer);
            foreach (var fact in _owner._facts)
            {
                _world.Facts.Add(Origin.Of(Origin.Authorizer), fact);
            }

            foreach (var rule in _owner._rules)
            {
                var trusted = Trust(rule.Scopes, authorizerTrusted, Origin.Authorizer);
                _world.Rules.Add(new RuleEntry(Origin.Authorizer, trusted, rule));
                _loadedRules.Add((Origin.Authorizer, rule));
            }

            _world.Run();

            for (var i = 0; i < _owner._checks.Count; i++)
            {
                _loadedChecks.Add((Origin.Authorizer, _owner._checks[i]));
                RunCheck(_owner._checks[i], authorizerTrusted, Origin.Authorizer, null, i);
            }

            if (_blocks.Length > 0)
            {
                RunBlockChecks(0);
            }

            var policy = FirstMatchingPolicy(authorizerTrusted);
            for (var block = 1; block < _blocks.Length; block++)
            {
                RunBlockChecks(block);
            }

            return Decide(policy);
        }

        public AuthorizerWorld Snapshot() => new(
            [.. _world.Facts.All],
            [.. _loadedRules],
            [.. _loadedChecks],
            [.. _owner._policies]);

        private AuthorizationResult? LoadToken()
        {
            for (var i = 0; i < _blocks.Length; i++)
            {
                var block = _blocks[i];
                var blockTrusted = Trust(block.Scopes, TrustedOrigins.Default, i);
                foreach (var fact in block.Facts)
                {
                    _world.Facts.Add(Origin.Of(i), fact);
                }

                foreach (var rule in block.Rules)
                {
                    var bound = rule.Body.SelectMany(p => p.Terms).OfType<VariableTerm>()
                        .Select(v => v.Name).ToHashSet();
                    if (rule.Head.Terms.OfType<VariableTerm>().Any(v => !bound.Contains(v.Name)))
                    {
                        return new AuthorizationResult
                        {
                            Outcome = AuthorizationOutcome.InvalidBlockRule,
                            InvalidRule = (i, rule.ToString()),
                        };
                    }

                    _world.Rules.Add(new RuleEntry(i, Trust(rule.Scopes, blockTrusted, i), rule));
                    _loadedRules.Add((i, rule));
                }

                _loadedChecks.AddRange(block.Checks.Select(c => (i, c)));
            }

            return null;
        }

        private void RunBlockChecks(int block)
        {
            var blockTrusted = Trust(_blocks[block].Scopes, TrustedOrigins.Default, block);
            var checks = _blocks[block].Checks;
            for (var i = 0; i < checks.Length; i++)
            {
                RunCheck(checks[i], blockTrusted, block, block, i);
            }
        }

        private void RunCheck(Check check, TrustedOrigins defaults, int block, int? reportedBlock, int index)
        {
            var passed = check.Queries.Any(query =>
            {
                var trusted = Trust(query.Scopes, defaults, block);
                return check.Kind switch
                {
                    CheckKind.All => _world.QueryMatchAll(query, trusted),
                    CheckKind.Reject => !_world.QueryMatch(query, trusted),
                    _ => _world.QueryMatch(query, trusted),
                };
            });
            if (!passed)
            {
                _failures.Add(new FailedCheck(reportedBlock, index, check.ToString()));
            }
        }

        private (PolicyKind Kind, int Index)? FirstMatchingPolicy(TrustedOrigins authorizerTrusted)
        {
            for (var i = 0; i < _owner._policies.Count; i++)
            {
                var policy = _owner._policies[i];
                var trusted = policy.Queries.Select(q => Trust(q.Scopes, authorizerTrusted, Origin.Authorizer));
                if (policy.Queries.Zip(trusted).Any(p => _world.QueryMatch(p.First, p.Second)))
                {
                    return (policy.Kind, i);
                }
            }

            return null;
        }

        private AuthorizationResult Decide((PolicyKind Kind, int Index)? policy)
        {
            var outcome = policy switch
            {
                null => AuthorizationOutcome.NoMatchingPolicy,
                { Kind: PolicyKind.Allow } when _failures.Count == 0 => AuthorizationOutcome.Authorized,
                _ => AuthorizationOutcome.Unauthorized,
            };
            return new AuthorizationResult
            {
                Outcome = outcome,
                PolicyIndex = policy?.Index,
                MatchedPolicy = policy?.Kind,
                FailedChecks = [.. _failures],
            };
        }

        private TrustedOrigins Trust(IReadOnlyCollection<Scope> scopes, TrustedOrigins defaults, int block) =>
            TrustedOrigins.FromScopes(scopes, defaults, block, _blocksByKey);
    }
}
