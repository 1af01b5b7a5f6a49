using System.Text.Json.Nodes;
using Broker.Biscuit.Authorization;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Datalog;
using Broker.Biscuit.Token;

namespace Broker.Biscuit.Tests.Conformance;

/// <summary>
/// Runs every official sample: the signature verdict, the authorizer's result and world, and the revocation
/// ids must all be what the specification's samples say.
/// </summary>
public sealed class SampleConformanceTests
{
    private static readonly BiscuitPublicKey Root =
        BiscuitPublicKey.Ed25519(Convert.FromHexString(Samples.RootPublicKey));

    public static IEnumerable<object[]> Validations => Samples.Validations();

    public static IEnumerable<object[]> Files => Samples.Files();

    [Theory]
    [MemberData(nameof(Validations))]
    public void Sample_SignatureVerdict_MatchesExpected(string file, string validation)
    {
        var expected = Samples.Validation(file, validation)["result"]!;
        var expectFormatError = expected["Err"]?["Format"] is not null;

        var verified = TryVerify(file, out var error);

        Assert.True(verified != expectFormatError, $"verification {(verified ? "passed" : "failed: " + error)}");
    }

    [Theory]
    [MemberData(nameof(Validations))]
    public void Sample_AuthorizationResult_MatchesExpected(string file, string validation)
    {
        var expected = Samples.Validation(file, validation);
        if (!TryVerify(file, out _, out var token))
        {
            return;
        }

        var authorizer = Authorize(token!, expected["authorizer_code"]!.GetValue<string>(), out var result);

        Assert.Equal(expected["result"]!.ToJsonString(), ResultJson.Of(result).ToJsonString());
        if (expected["world"] is JsonObject world)
        {
            var want = ResultJson.Expected(world);
            var got = ResultJson.Actual(authorizer.World!);
            Assert.Equal(want.Facts, got.Facts);
            Assert.Equal(want.Rules, got.Rules);
            Assert.Equal(want.Checks, got.Checks);
            Assert.Equal(want.Policies, got.Policies);
        }
    }

    [Theory]
    [MemberData(nameof(Validations))]
    public void Sample_RevocationIds_MatchExpected(string file, string validation)
    {
        var expected = Samples.Validation(file, validation)["revocation_ids"]!.AsArray()
            .Select(i => i!.GetValue<string>());
        if (!TryVerify(file, out _, out var token))
        {
            return;
        }

        Assert.Equal(expected, token!.RevocationIds.AsEnumerable());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Sample_BlocksPrintAsSpecified(string file)
    {
        var testCase = Samples.TestCase(file);
        var formatError = testCase["validations"]![""]?["result"]?["Err"]?["Format"] is not null;
        if (!TryVerify(file, out _, out var token) || formatError)
        {
            return;
        }

        var blocks = testCase["token"]!.AsArray();
        Assert.Equal(blocks.Count, token!.Blocks.Length);
        for (var i = 0; i < blocks.Count; i++)
        {
            var expected = blocks[i]!["code"]!.GetValue<string>().TrimEnd('\n').Split('\n');
            Assert.Equal(expected, token.Blocks[i].ToString().Split('\n'));
            Assert.Equal(blocks[i]!["version"]!.GetValue<uint>(), token.Blocks[i].Version);
        }
    }

    internal static Authorizer Authorize(BiscuitToken token, string code, out AuthorizationResult result)
    {
        var authorizer = new Authorizer(token) { Limits = new RunLimits { MaxTime = TimeSpan.FromSeconds(30) } };
        authorizer.RegisterFunction("test", SampleExternalFunction);
        authorizer.AddCode(code);
        result = authorizer.Authorize();
        return authorizer;
    }

    // The samples' external function: unary returns its receiver, binary compares receiver and argument.
    private static Term SampleExternalFunction(Term receiver, Term? argument) => argument is null
        ? receiver
        : new StringTerm(receiver.Equals(argument) ? "equal strings" : "different strings");

    private static bool TryVerify(string file, out string? error) => TryVerify(file, out error, out _);

    private static bool TryVerify(string file, out string? error, out BiscuitToken? token)
    {
        try
        {
            token = BiscuitToken.FromBytes(Samples.Token(file), Root);
            error = null;
            return true;
        }
        catch (BiscuitException e)
        {
            token = null;
            error = e.Message;
            return false;
        }
    }
}
