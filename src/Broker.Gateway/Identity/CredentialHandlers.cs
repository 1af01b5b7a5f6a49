using System.Text.Json.Serialization;
using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Broker.Gateway.Http;
using Broker.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace Broker.Gateway.Identity;

/// <summary><c>{"jwt": "..."}</c></summary>
public sealed record JwtBody([property: JsonPropertyName("jwt")] string Jwt);

/// <summary><c>{"qr": "&lt;base64 PNG&gt;"}</c></summary>
public sealed record QrBody([property: JsonPropertyName("qr")] string Qr);

/// <summary><c>{"totp": "NNNNNN"}</c>, a password-reset code.</summary>
public sealed record TotpBody([property: JsonPropertyName("totp")] string Totp);

/// <summary>An empty JSON object, for successes that have nothing to tell.</summary>
public sealed record EmptyBody;

/// <summary>Login, TOTP enrolment, reset codes and password resets.</summary>
internal static partial class CredentialHandlers
{
    /// <summary>Pixels per QR module: large enough for a phone camera to read from a screen.</summary>
    private const int QrPixelsPerModule = 8;

    public static async Task<Results<Ok<JwtBody>, ApiError>> Login(
        Body<LoginRequest> body, IGrainFactory grains, JwtKeyring keyring, ILoggerFactory loggers)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        var logger = loggers.CreateLogger(typeof(CredentialHandlers));
        var outcome = await grains.GetGrain<IUserGrain>(request.Username).Login(request.Password, request.Totp);
        if (outcome.Failure is { } failure)
        {
            LogLoginRefused(logger, request.Username, failure.Kind);
            return ApiError.From(failure);
        }

        var ticket = outcome.Value!;
        LogLoggedIn(logger, ticket.Username, ticket.TenantName);
        return TypedResults.Ok(new JwtBody(keyring.Tokens.Issue(ticket.Username, ticket.TenantName, ticket.Stamp)));
    }

    public static async Task<Results<Ok<EmptyBody>, ApiError>> ResetPassword(
        Body<PasswordResetRequest> body, IGrainFactory grains, PasswordStrength strength)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        if (strength.Check(request.Password, request.Username) is { } weak)
        {
            return weak;
        }

        var reset = await grains.GetGrain<IUserGrain>(request.Username).ResetPassword(request.Code, request.Password);
        return reset.ToResult(_ => new EmptyBody());
    }

    public static async Task<Results<Ok<QrBody>, ApiError>> CreateQr(Body<CreateQrRequest> body, IGrainFactory grains)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        var uri = await grains.GetGrain<IUserGrain>(request.Username).GetTotpUri(request.Issuer);
        if (uri.Failure is { } failure)
        {
            return ApiError.From(failure);
        }

        return RenderQr(uri.Value!) is { } png
            ? TypedResults.Ok(new QrBody(Convert.ToBase64String(png)))
            : ApiError.BadRequest("issuer and username are too long together for a QR code; use a shorter issuer");
    }

    public static async Task<Results<Ok<TotpBody>, ApiError>> CreateTotp(
        Body<UserRequest> body, IGrainFactory grains, GatewaySettings settings)
    {
        if (!body.IsValid(out var request, out var error))
        {
            return error;
        }

        var code = await grains.GetGrain<IUserGrain>(request.Username).CreateResetCode(settings.TotpDuration);
        return code.ToResult(text => new TotpBody(text));
    }

    /// <returns>The PNG, or null when the text is more than the largest QR code holds.</returns>
    private static byte[]? RenderQr(string text)
    {
        using var generator = new QRCodeGenerator();
        QRCodeData data;
        try
        {
            data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            // A long non-ASCII issuer, percent-encoded twice in the URI, can pass the issuer's length rule.
            return null;
        }

        using (data)
        using (var png = new PngByteQRCode(data))
        {
            return png.GetGraphic(QrPixelsPerModule);
        }
    }

    [LoggerMessage(EventId = (int)IdentityLogEvent.LoggedIn, Level = LogLevel.Information,
        Message = "User {Username} of tenant {Tenant} logged in")]
    private static partial void LogLoggedIn(ILogger logger, string username, string tenant);

    [LoggerMessage(EventId = (int)IdentityLogEvent.LoginRefused, Level = LogLevel.Information,
        Message = "Login of {Username} refused: {Reason}")]
    private static partial void LogLoginRefused(ILogger logger, string username, FailureKind reason);
}

/// <summary>Event ids of the identity area's log lines.</summary>
internal enum IdentityLogEvent
{
    LoggedIn = 3000,
    LoginRefused = 3001,
}
