using System.Text.RegularExpressions;
using OtpNet;

namespace Broker.EndToEnd.Identity;

public sealed partial class TwoFactorTests(SharedCluster shared) : SharedClusterTest(shared)
{
    [Fact]
    public async Task CreateQr_ReturnsAPngOfTheOtpauthUri()
    {
        var user = await NewUserAsync("qr", extra: body => body["two_factor"] = true);

        var uri = await EnrolAsync(user, "Acme");

        var match = OtpauthPattern().Match(uri);
        Assert.True(match.Success, uri);
        Assert.Equal($"Acme:{user.Username}", Uri.UnescapeDataString(match.Groups["label"].Value));
        Assert.Equal("Acme", Uri.UnescapeDataString(match.Groups["issuer"].Value));
        // At least 160 bits: 32 base32 characters.
        Assert.True(match.Groups["secret"].Value.Length >= 32, uri);
    }

    [Fact]
    public async Task Login_OfATwoFactorUserWithoutACode_IsRefused()
    {
        var user = await NewUserAsync("2fa-nocode", extra: body => body["two_factor"] = true);

        var response = await Api.LoginRawAsync(user.Username, user.Password);

        response.AssertError(HttpStatusCode.Unauthorized, "a TOTP code is required");
    }

    [Fact]
    public async Task Login_WithTheCodeOfTheEnrolledSecret_Succeeds_AndTheCodeIsNotAcceptedTwice()
    {
        var user = await NewUserAsync("2fa", extra: body => body["two_factor"] = true);
        var totp = new Totp(Base32Encoding.ToBytes(SecretOf(await EnrolAsync(user, "Broker"))));
        var code = totp.ComputeTotp();

        var first = await Api.LoginRawAsync(user.Username, user.Password, code);
        var replay = await Api.LoginRawAsync(user.Username, user.Password, code);

        var jwt = first.AssertOk()["jwt"]!.GetValue<string>();
        Assert.Equal(user.Username, JwtTokens.Decode(jwt).Payload["sub"]!.GetValue<string>());
        replay.AssertError(HttpStatusCode.Unauthorized, "invalid TOTP code");
    }

    [Fact]
    public async Task Login_WithAWrongCode_IsUnauthorized()
    {
        var user = await NewUserAsync("2fa-wrong", extra: body => body["two_factor"] = true);
        var totp = new Totp(Base32Encoding.ToBytes(SecretOf(await EnrolAsync(user, "Broker"))));
        var wrong = ((int.Parse(totp.ComputeTotp()) + 500_000) % 1_000_000).ToString("D6");

        var response = await Api.LoginRawAsync(user.Username, user.Password, wrong);

        response.AssertError(HttpStatusCode.Unauthorized, "invalid TOTP code");
    }

    [Fact]
    public async Task Login_WithAPasswordResetCodeAsTheTotp_IsUnauthorized()
    {
        var user = await NewUserAsync("2fa-reset", extra: body => body["two_factor"] = true);
        var resetCode = (await Api.AdminAsync("/create_totp", new JsonObject { ["username"] = user.Username }))
            .AssertOk()["totp"]!.GetValue<string>();

        var response = await Api.LoginRawAsync(user.Username, user.Password, resetCode);

        response.AssertError(HttpStatusCode.Unauthorized, "invalid TOTP code");
    }

    [Fact]
    public async Task Basic_ForATwoFactorUser_IsUnauthorized()
    {
        var user = await NewUserAsync("2fa-basic", extra: body => body["two_factor"] = true);

        var response = await Api.InsertRawAsync(user.Basic, "x", "1");

        response.AssertError(HttpStatusCode.Unauthorized,
            "two-factor users cannot use Basic authentication; log in with a TOTP code");
    }

    [Fact]
    public async Task CreateQr_ForAnUnknownUser_IsNotFound()
    {
        var response = await Api.AdminAsync("/create_qr", new JsonObject
        {
            ["username"] = TestUser.UniqueName("ghost"),
            ["issuer"] = "Broker",
        });

        response.AssertError(HttpStatusCode.NotFound, "user not found");
    }

    [Fact]
    public async Task CreateQr_WithAWrongAdminToken_IsUnauthorized()
    {
        var user = await NewUserAsync("qr-intruder");

        var response = await Api.PostAsync("/create_qr", new JsonObject
        {
            ["username"] = user.Username,
            ["issuer"] = "Broker",
            ["admin_token"] = "wrong",
        });

        response.AssertError(HttpStatusCode.Unauthorized, "invalid admin token");
    }

    private async Task<string> EnrolAsync(TestUser user, string issuer)
    {
        var body = (await Api.AdminAsync("/create_qr", new JsonObject
        {
            ["username"] = user.Username,
            ["issuer"] = issuer,
        })).AssertOk();
        Assert.Equal(["qr"], body.AsObject().Select(member => member.Key));
        var png = Convert.FromBase64String(body["qr"]!.GetValue<string>());
        return QrCodes.Decode(png);
    }

    private static string SecretOf(string otpauth)
    {
        var match = OtpauthPattern().Match(otpauth);
        Assert.True(match.Success, otpauth);
        return match.Groups["secret"].Value;
    }

    [GeneratedRegex(@"\Aotpauth://totp/(?<label>[^?]+)\?secret=(?<secret>[A-Z2-7]+)&issuer=(?<issuer>[^&]+)\z")]
    private static partial Regex OtpauthPattern();
}
