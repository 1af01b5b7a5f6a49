using Broker.Biscuit;
using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broker.Gateway.Verification;

/// <summary>
/// Biscuit tokens for microservices: <c>GET /verify</c> gives the caller a token stating who they are and what
/// they may do, and <c>GET /public_key</c> publishes the key that checks such tokens.
/// </summary>
public static partial class VerificationEndpoints
{
    public static IEndpointRouteBuilder MapVerificationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/verify", Verify).RequireAuthorization();
        routes.MapGet("/public_key", PublicKey);
        return routes;
    }

    /// <summary>
    /// Mints a token for the caller that expires with their JWT; for Basic, whose credentials have no expiry,
    /// with the JWT a login would give now.
    /// </summary>
    private static Ok<VerifyBody> Verify(HttpContext context, BiscuitRootKey rootKey, GatewaySettings settings,
        TimeProvider time, ILoggerFactory loggers)
    {
        var user = BrokerUser.From(context.User);
        var expiry = user.ExpiresAt?.ToUnixTimeSeconds()
            ?? time.GetUtcNow().ToUnixTimeSeconds() + (long)settings.JwtExpiry.TotalSeconds;

        // Scopes were checked to be resource:operation when they were stored, so minting cannot refuse them.
        var token = BrokerTokens.MintUserToken(rootKey.KeyPair, user.Username, user.Tenant, user.Scopes,
            DateTimeOffset.FromUnixTimeSeconds(expiry));
        var logger = loggers.CreateLogger(typeof(VerificationEndpoints));
        LogTokenIssued(logger, user.Username, user.Tenant, expiry);
        return TypedResults.Ok(new VerifyBody(rootKey.PublicKey.Key, token.ToBytes(), expiry, user.Username,
            user.Scopes));
    }

    private static Ok<PublicKeyBody> PublicKey(BiscuitRootKey rootKey) => TypedResults.Ok(rootKey.PublicKey);

    [LoggerMessage(EventId = (int)VerificationLogEvent.TokenIssued, Level = LogLevel.Debug,
        Message = "Issued a Biscuit token to {Username} of tenant {Tenant}, valid until {Expiry} (unix seconds)")]
    private static partial void LogTokenIssued(ILogger logger, string username, string tenant, long expiry);
}
