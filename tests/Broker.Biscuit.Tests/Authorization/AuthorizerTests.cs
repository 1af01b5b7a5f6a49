using Broker.Biscuit.Authorization;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Datalog;
using Broker.Biscuit.Token;

namespace Broker.Biscuit.Tests.Authorization;

public sealed class AuthorizerTests
{
    private static readonly BiscuitKeyPair Root = BiscuitKeyPair.Generate();

    private static AuthorizationResult Run(string code, BiscuitToken? token = null, RunLimits? limits = null)
    {
        var authorizer = new Authorizer(token).AddCode(code);
        authorizer.Limits = limits ?? new RunLimits { MaxTime = TimeSpan.FromSeconds(30) };
        return authorizer.Authorize();
    }

    [Theory]
    [InlineData("check if 9223372036854775807 + 1 > 0; allow if true;", ExpressionError.Overflow)]
    [InlineData("check if 1 / 0 === 0; allow if true;", ExpressionError.DivideByZero)]
    [InlineData("check if 1 === \"1\"; allow if true;", ExpressionError.InvalidType)]
    [InlineData("check if 1; allow if true;", ExpressionError.InvalidType)]
    [InlineData("check if \"a\".extern::unknown(); allow if true;", ExpressionError.ExternalFunction)]
    [InlineData("allow if [1].any($x -> [2].all($x -> true));", ExpressionError.ShadowedVariable)]
    public void ExpressionErrors_DenyAccess(string code, ExpressionError error)
    {
        var result = Run(code);

        Assert.Equal(AuthorizationOutcome.ExecutionError, result.Outcome);
        Assert.Equal(error, result.ExpressionError);
        Assert.False(result.IsAuthorized);
    }

    [Theory]
    [InlineData("check if 1 == \"1\" || true; allow if true;", true)]
    [InlineData("check if 1 != \"1\"; allow if true;", true)]
    [InlineData("check if (1 / 0 === 0).try_or(true); allow if true;", true)]
    [InlineData("check if \"abc\".matches(\"(\"); allow if true;", false)]
    [InlineData("check if \"Hello\".matches(\"^H.l+o$\"); allow if true;", true)]
    [InlineData("check if \"é\".length() === 2; allow if true;", true)]
    [InlineData("check if {1, 2}.union({3}).intersection({2, 3}) === {2, 3}; allow if true;", true)]
    public void Expressions_EvaluateAsSpecified(string code, bool allowed)
    {
        Assert.Equal(allowed, Run(code).IsAuthorized);
    }

    [Fact]
    public void NoPolicy_Denies()
    {
        var result = Run("user(\"bob\");");

        Assert.Equal(AuthorizationOutcome.NoMatchingPolicy, result.Outcome);
    }

    [Fact]
    public void DenyPolicy_BeforeAllow_Denies()
    {
        var result = Run("deny if true; allow if true;");

        Assert.Equal(AuthorizationOutcome.Unauthorized, result.Outcome);
        Assert.Equal(PolicyKind.Deny, result.MatchedPolicy);
    }

    [Fact]
    public void TooManyFacts_StopsTheRun()
    {
        var facts = string.Concat(Enumerable.Range(0, 40).Select(i => $"n({i});"));

        var result = Run(facts + "pair($a, $b) <- n($a), n($b); allow if true;");

        Assert.Equal(AuthorizationOutcome.LimitExceeded, result.Outcome);
        Assert.Equal(RunLimit.TooManyFacts, result.Limit);
    }

    [Fact]
    public void TooManyIterations_StopsTheRun()
    {
        var edges = string.Concat(Enumerable.Range(0, 150).Select(i => $"edge({i}, {i + 1});"));

        var result = Run(edges + "reach(0); reach($y) <- reach($x), edge($x, $y); allow if true;");

        Assert.Equal(RunLimit.TooManyIterations, result.Limit);
    }

    [Fact]
    public void AttenuationFacts_DoNotReachTheAuthorizer()
    {
        var token = BiscuitToken.Create(Root, new BlockBuilder().AddCode("right(\"a\");"))
            .Attenuate("right(\"b\");");

        Assert.True(Run("allow if right(\"a\");", token).IsAuthorized);
        Assert.False(Run("allow if right(\"b\");", token).IsAuthorized);
        Assert.False(Run("allow if right(\"b\") trusting previous;", token).IsAuthorized);
    }

    [Fact]
    public void ThirdPartyFacts_AreVisibleOnlyWhenItsKeyIsTrusted()
    {
        var thirdParty = BiscuitKeyPair.Generate();
        var token = BiscuitToken.Create(Root, new BlockBuilder().AddCode("user(\"bob\");"))
            .AttenuateThirdParty(new BlockBuilder().AddCode("verified(\"bob\");"), thirdParty);

        Assert.False(Run("allow if verified(\"bob\");", token).IsAuthorized);
        Assert.True(Run($"allow if verified(\"bob\") trusting {thirdParty.PublicKey};", token).IsAuthorized);
        Assert.Equal(5u, token.Blocks[1].Version);
        Assert.Equal(thirdParty.PublicKey, token.Blocks[1].ExternalKey);
    }

    [Fact]
    public void FailedChecks_AreAllReported()
    {
        var token = BiscuitToken.Create(Root, new BlockBuilder().AddCode("check if a(1);"))
            .Attenuate("check if b(2);");

        var result = Run("check if c(3); allow if true;", token);

        Assert.Equal(
            [new FailedCheck(null, 0, "check if c(3)"), new FailedCheck(0, 0, "check if a(1)"),
             new FailedCheck(1, 0, "check if b(2)")],
            result.FailedChecks.ToArray());
        Assert.Equal(AuthorizationOutcome.Unauthorized, result.Outcome);
    }

    [Fact]
    public void ExternalFunction_IsCalledWithReceiverAndArgument()
    {
        var authorizer = new Authorizer().AddCode("allow if \"ab\".extern::concat(\"cd\") == \"abcd\";");
        authorizer.RegisterFunction("concat", (l, r) => new StringTerm(((StringTerm)l).Value + ((StringTerm)r!).Value));

        Assert.True(authorizer.Authorize().IsAuthorized);
    }
}
