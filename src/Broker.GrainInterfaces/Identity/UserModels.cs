namespace Broker.Identity;

/// <summary>A user as the API shows it: every secret left out.</summary>
/// <param name="DataJson">The user's free data as compact JSON text, or null.</param>
[GenerateSerializer, Immutable]
public sealed record UserView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string TenantName,
    [property: Id(3)] string? Email,
    [property: Id(4)] IReadOnlyList<string>? Scopes,
    [property: Id(5)] string? DataJson,
    [property: Id(6)] bool? TwoFactor,
    [property: Id(7)] bool Revoked);

/// <summary>What <c>/create_user</c> asks for. The grain checks every rule.</summary>
[GenerateSerializer, Immutable]
public sealed record NewUser(
    [property: Id(0)] string Password,
    [property: Id(1)] string TenantName,
    [property: Id(2)] string? Email,
    [property: Id(3)] bool? TwoFactor,
    [property: Id(4)] IReadOnlyList<string>? Scopes,
    [property: Id(5)] string? DataJson);

/// <summary>A field of an update: left out (keeps its value) or set, possibly to null.</summary>
[GenerateSerializer, Immutable]
public readonly record struct Change<T>([property: Id(0)] bool IsSet, [property: Id(1)] T? Value)
{
    public static Change<T> Keep => default;

    public static Change<T> To(T? value) => new(true, value);
}

/// <summary>What <c>/update_user</c> asks for. Tenant and password cannot be set to null.</summary>
[GenerateSerializer, Immutable]
public sealed record UserChanges(
    [property: Id(0)] Change<string> TenantName,
    [property: Id(1)] Change<string> Password,
    [property: Id(2)] Change<string> Email,
    [property: Id(3)] Change<IReadOnlyList<string>> Scopes,
    [property: Id(4)] Change<string> DataJson,
    [property: Id(5)] Change<bool?> TwoFactor);

/// <summary>
/// What a gateway checks on every authenticated request. <see cref="Stamp"/> changes whenever the password,
/// the revocation or the tenant changes, so anything issued under an older stamp stops working at once.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UserTicket(
    [property: Id(0)] string Username,
    [property: Id(1)] string TenantName,
    [property: Id(2)] string Stamp,
    [property: Id(3)] bool Revoked,
    [property: Id(4)] bool TwoFactor,
    [property: Id(5)] IReadOnlyList<string> Scopes);

/// <summary>One page of the user directory, in username order.</summary>
/// <param name="Next">Pass as <c>after</c> to read on; null at the end.</param>
[GenerateSerializer, Immutable]
public sealed record UserPage([property: Id(0)] IReadOnlyList<UserView> Users, [property: Id(1)] string? Next);
