using System.Collections.Immutable;
using Broker.Biscuit.Authorization;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Datalog;
using Broker.Biscuit.Token;

namespace Broker.Biscuit;

/// <summary>
/// The few calls Broker and its microservices need: root keys, minting a user's token, verifying a token
/// and authorizing a request against it.
/// </summary>
/// <remarks>
/// A Broker token's authority block states <c>user("&lt;username&gt;")</c>, <c>tenant("&lt;tenant&gt;")</c>,
/// one <c>right("&lt;resource&gt;", "&lt;operation&gt;")</c> per scope <c>resource:operation</c>, and
/// <c>check if time($t), $t &lt;= &lt;expiry&gt;</c>. It is written as Datalog 3.0 with version 0 signatures,
/// so every Biscuit v2+ library reads it.
/// </remarks>
public static class BrokerTokens
{
    /// <summary>Generates a new random Ed25519 root key pair.</summary>
    /// <returns>The key pair; <c>ExportPrivateKey()</c> gives the 32-byte seed to store secretly.</returns>
    public static BiscuitKeyPair CreateRootKey() => BiscuitKeyPair.Generate();

    /// <summary>Loads the Ed25519 root key pair from its 32-byte seed.</summary>
    /// <param name="seed">The 32-byte private key.</param>
    /// <returns>The key pair; <c>PublicKey.Bytes</c> is the 32-byte public key to publish.</returns>
    /// <exception cref="BiscuitFormatException">The seed is not 32 bytes long.</exception>
    public static BiscuitKeyPair LoadRootKey(ReadOnlySpan<byte> seed) => BiscuitKeyPair.FromSeed(seed);

    /// <summary>Mints a user's token.</summary>
    /// <param name="rootKey">The root key pair.</param>
    /// <param name="username">The user (stated as <c>user("...")</c>).</param>
    /// <param name="tenant">The user's tenant (stated as <c>tenant("...")</c>).</param>
    /// <param name="scopes">Scopes of the form <c>resource:operation</c>, one <c>right</c> fact each.</param>
    /// <param name="expiresAt">When the token stops being valid (whole seconds, UTC).</param>
    /// <returns>The token; <c>ToBytes()</c> or <c>ToBase64()</c> serialize it.</returns>
    /// <exception cref="ArgumentException">A scope is not <c>resource:operation</c>.</exception>
    public static BiscuitToken MintUserToken(
        BiscuitKeyPair rootKey, string username, string tenant, IEnumerable<string> scopes, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(scopes);

        // Facts are built as terms, not as text, so no name can inject Datalog.
        var block = new BlockBuilder()
            .AddFact(Fact("user", username))
            .AddFact(Fact("tenant", tenant));
        foreach (var scope in scopes)
        {
            var parts = scope.Split(':');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ArgumentException(
                    $"Scope \"{scope}\" is not of the form resource:operation.", nameof(scopes));
            }

            block.AddFact(Fact("right", parts[0], parts[1]));
        }

        block.AddCheck(ExpiryCheck(expiresAt));
        return BiscuitToken.Create(rootKey, block);
    }

    /// <summary>Decodes a token and verifies it was issued with the root key.</summary>
    /// <param name="token">The serialized token.</param>
    /// <param name="rootPublicKey">The 32-byte Ed25519 root public key.</param>
    /// <returns>The verified token.</returns>
    /// <exception cref="BiscuitFormatException">The token or key is malformed.</exception>
    /// <exception cref="BiscuitSignatureException">The token was not issued with this key or was altered.</exception>
    public static BiscuitToken Verify(ReadOnlySpan<byte> token, ReadOnlySpan<byte> rootPublicKey) =>
        BiscuitToken.FromBytes(token, BiscuitPublicKey.Ed25519(rootPublicKey));

    /// <summary>Decodes a token from its base64url text and verifies it was issued with the root key.</summary>
    /// <param name="token">The token text.</param>
    /// <param name="rootPublicKey">The 32-byte Ed25519 root public key.</param>
    /// <returns>The verified token.</returns>
    /// <exception cref="BiscuitFormatException">The token or key is malformed.</exception>
    /// <exception cref="BiscuitSignatureException">The token was not issued with this key or was altered.</exception>
    public static BiscuitToken Verify(string token, ReadOnlySpan<byte> rootPublicKey) =>
        BiscuitToken.FromBase64(token, BiscuitPublicKey.Ed25519(rootPublicKey));

    /// <summary>Authorizes a request: runs the token with the given authorizer Datalog.</summary>
    /// <param name="token">The verified token.</param>
    /// <param name="authorizerCode">
    /// Facts about the request and policies, such as
    /// <c>time(2030-01-01T00:00:00Z); allow if right("news", "get");</c> (see <see cref="TimeFact"/>).
    /// </param>
    /// <param name="limits">Run limits; the defaults when null.</param>
    /// <returns>The result; only <see cref="AuthorizationResult.IsAuthorized"/> grants access.</returns>
    /// <exception cref="DatalogParseException">The authorizer code is not valid Datalog.</exception>
    public static AuthorizationResult Authorize(BiscuitToken token, string authorizerCode, RunLimits? limits = null)
    {
        var authorizer = new Authorizer(token).AddCode(authorizerCode);
        if (limits is not null)
        {
            authorizer.Limits = limits;
        }

        return authorizer.Authorize();
    }

    /// <summary>The fact stating the current time for authorizer code: <c>time(2030-01-01T00:00:00Z);</c>.</summary>
    /// <param name="now">The current time (from the caller's clock).</param>
    /// <returns>The Datalog statement.</returns>
    public static string TimeFact(DateTimeOffset now) => $"time({DatalogPrinter.Print(DateTerm.From(now))});";

    private static Fact Fact(string name, params string[] values) =>
        new(new Predicate(name, values.Select(v => (Term)new StringTerm(v))));

    private static Check ExpiryCheck(DateTimeOffset expiresAt)
    {
        var time = new VariableTerm("time");
        var query = new Rule(
            new Predicate("query", []),
            [new Predicate("time", [time])],
            [new Expression(
                [new ValueOp(time), new ValueOp(DateTerm.From(expiresAt)), new BinaryOp(BinaryKind.LessOrEqual)])],
            ImmutableArray<Scope>.Empty);
        return new Check(CheckKind.One, [query]);
    }
}
