using OtpNet;

namespace Broker.Identity;

/// <summary>Small helpers that make users and TOTP codes for the identity tests.</summary>
public static class Users
{
    public const string Password = "correct horse battery staple";

    public static NewUser New(string tenant, bool? twoFactor = null) =>
        new(Password, tenant, "someone@example.com", twoFactor, ["events:read", "events:write"], "{\"plan\":\"free\"}");

    public static UserChanges Changes(
        Change<string> tenant = default,
        Change<string> password = default,
        Change<string> email = default,
        Change<IReadOnlyList<string>> scopes = default,
        Change<string> data = default,
        Change<bool?> twoFactor = default) => new(tenant, password, email, scopes, data, twoFactor);

    /// <summary>The user's TOTP secret, read back from the enrolment URI as an authenticator app would.</summary>
    public static async Task<byte[]> SecretAsync(IUserGrain user)
    {
        var uri = new Uri((await user.GetTotpUri("Broker")).Value!);
        var secret = uri.Query.TrimStart('?').Split('&')
            .Select(pair => pair.Split('=', 2))
            .Single(pair => pair[0] == "secret")[1];
        return Base32Encoding.ToBytes(secret);
    }

    public static string Code(byte[] secret, DateTimeOffset at) => new Totp(secret).ComputeTotp(at.UtcDateTime);
}
