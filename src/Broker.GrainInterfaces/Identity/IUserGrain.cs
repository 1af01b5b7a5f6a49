namespace Broker.Identity;

/// <summary>
/// One user, keyed by username (usernames are unique across tenants). Holds the bcrypt hash, the TOTP
/// secret and the failed-attempt counters, and enforces every identity rule of the API.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    Task<Outcome<UserView>> Create(NewUser user);

    Task<Outcome<UserView>> Get();

    Task<Outcome<UserView>> Update(UserChanges changes);

    Task<Outcome<UserView>> SetRevoked(bool revoked);

    /// <summary>The current ticket, or null when the user does not exist. Cheap: no storage, no hashing.</summary>
    [AlwaysInterleave]
    Task<UserTicket?> GetTicket();

    /// <summary>
    /// Checks a password (and, for a two-factor user, a TOTP code) for <c>/login</c>. Failures count
    /// towards the per-user limit.
    /// </summary>
    Task<Outcome<UserTicket>> Login(string password, string? totp);

    /// <summary>
    /// Checks a password for HTTP Basic. Two-factor users cannot use Basic. Failures count towards the
    /// per-user limit.
    /// </summary>
    Task<Outcome<UserTicket>> CheckPassword(string password);

    /// <summary>The <c>otpauth://</c> URI that enrols the user's TOTP secret in an authenticator app.</summary>
    Task<Outcome<string>> GetTotpUri(string issuer);

    /// <summary>Issues a one-time password-reset code valid for <paramref name="validFor"/>.</summary>
    Task<Outcome<string>> CreateResetCode(TimeSpan validFor);

    /// <summary>Sets a new password when <paramref name="code"/> is a live reset code.</summary>
    Task<Outcome<UserView>> ResetPassword(string code, string newPassword);
}

/// <summary>Reads the user directory table, which lists every user in username order.</summary>
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    /// <param name="after">The last username of the previous page, or null for the first page.</param>
    Task<UserPage> List(string? after, int max);
}
