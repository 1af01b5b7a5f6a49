namespace Broker.Identity;

/// <summary>
/// What a user grain keeps in storage. Bounded by the rules in <see cref="UserRules"/> (data at most 16 KiB,
/// at most 100 scopes of at most 129 characters, an email of at most 254), so the whole state serializes to a
/// few tens of KB at worst: far below Azure's 64 KB per property and 1 MB per entity.
/// </summary>
[GenerateSerializer]
public sealed class UserState
{
    /// <summary>Empty until the user is created.</summary>
    [Id(0)] public Guid Id { get; set; }

    [Id(1)] public string TenantName { get; set; } = string.Empty;

    [Id(2)] public string PasswordHash { get; set; } = string.Empty;

    [Id(3)] public byte[] TotpSecret { get; set; } = [];

    [Id(4)] public string? Email { get; set; }

    [Id(5)] public List<string>? Scopes { get; set; }

    [Id(6)] public string? DataJson { get; set; }

    [Id(7)] public bool? TwoFactor { get; set; }

    [Id(8)] public bool Revoked { get; set; }

    /// <summary>Changes with the password, the revocation and the tenant; see <see cref="UserTicket.Stamp"/>.</summary>
    [Id(9)] public string Stamp { get; set; } = string.Empty;

    /// <summary>The newest TOTP time step accepted; no code of it or an earlier step is accepted again.</summary>
    [Id(10)] public long LastTotpStep { get; set; }

    /// <summary>A keyed hash of the live reset code, never the code itself; null when none is live.</summary>
    [Id(11)] public string? ResetCodeHash { get; set; }

    [Id(12)] public DateTimeOffset ResetCodeExpires { get; set; }

    /// <summary>Failed attempts since the last success.</summary>
    [Id(13)] public int FailedAttempts { get; set; }

    [Id(14)] public DateTimeOffset LockedUntil { get; set; }

    public bool Exists => Id != Guid.Empty;

    public bool HasTwoFactor => TwoFactor == true;

    public UserState Copy()
    {
        var copy = (UserState)MemberwiseClone();
        copy.Scopes = Scopes is null ? null : [.. Scopes];
        return copy;
    }

    public UserView ToView(string username) =>
        new(Id, username, TenantName, Email, Scopes?.ToArray(), DataJson, TwoFactor, Revoked);

    public UserTicket ToTicket(string username) =>
        new(username, TenantName, Stamp, Revoked, HasTwoFactor, Scopes?.ToArray() ?? []);
}
