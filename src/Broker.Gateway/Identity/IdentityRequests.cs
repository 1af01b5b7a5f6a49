using Broker.Gateway.Http;
using Broker.Gateway.Json;
using Broker.Identity;

namespace Broker.Gateway.Identity;

/// <summary><c>/create_user</c>.</summary>
public sealed record CreateUserRequest(string Username, NewUser User) : IRequestBody<CreateUserRequest>
{
    public static bool RequiresAdminToken => true;

    public static CreateUserRequest Read(JsonFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(
            IdentityFields.Username(fields),
            new NewUser(
                fields.RequiredString("password"),
                fields.RequiredString("tenant_name"),
                fields.OptionalString("email"),
                fields.OptionalBool("two_factor"),
                fields.OptionalStringArray("scopes"),
                UserData.Read(fields)));
    }
}

/// <summary><c>/update_user</c>: a field left out keeps its value.</summary>
public sealed record UpdateUserRequest(string Username, UserChanges Changes) : IRequestBody<UpdateUserRequest>
{
    public static bool RequiresAdminToken => true;

    public static UpdateUserRequest Read(JsonFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(
            IdentityFields.Username(fields),
            new UserChanges(
                NotNullChange(fields, "tenant_name"),
                NotNullChange(fields, "password"),
                fields.Has("email") ? Change<string>.To(fields.OptionalString("email")) : Change<string>.Keep,
                fields.Has("scopes")
                    ? Change<IReadOnlyList<string>>.To(fields.OptionalStringArray("scopes"))
                    : Change<IReadOnlyList<string>>.Keep,
                UserData.ReadChange(fields),
                fields.Has("two_factor") ? Change<bool?>.To(fields.OptionalBool("two_factor")) : Change<bool?>.Keep));
    }

    private static Change<string> NotNullChange(JsonFields fields, string name)
    {
        if (!fields.Has(name))
        {
            return Change<string>.Keep;
        }

        return fields.OptionalString(name) is { } value
            ? Change<string>.To(value)
            : throw new RequestException($"field '{name}' cannot be null; leave it out to keep it");
    }
}

/// <summary>Admin endpoints that name one user: revoke, unrevoke, get, create_totp.</summary>
public sealed record UserRequest(string Username) : IRequestBody<UserRequest>
{
    public static bool RequiresAdminToken => true;

    public static UserRequest Read(JsonFields fields) => new(IdentityFields.Username(fields));
}

/// <summary><c>/list_users</c>: the admin token only.</summary>
public sealed record AdminRequest : IRequestBody<AdminRequest>
{
    public static bool RequiresAdminToken => true;

    public static AdminRequest Read(JsonFields fields) => new();
}

/// <summary><c>/create_qr</c>.</summary>
public sealed record CreateQrRequest(string Username, string Issuer) : IRequestBody<CreateQrRequest>
{
    public static bool RequiresAdminToken => true;

    public static CreateQrRequest Read(JsonFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(IdentityFields.Username(fields), fields.RequiredString("issuer"));
    }
}

/// <summary><c>/login</c>: <c>totp</c> is needed only by two-factor users.</summary>
public sealed record LoginRequest(string Username, string Password, string? Totp) : IRequestBody<LoginRequest>
{
    public static bool RequiresAdminToken => false;

    public static LoginRequest Read(JsonFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(IdentityFields.Username(fields), fields.RequiredString("password"), fields.OptionalString("totp"));
    }
}

/// <summary><c>/password_reset</c> with a code from <c>/create_totp</c>.</summary>
public sealed record PasswordResetRequest(string Username, string Password, string Code)
    : IRequestBody<PasswordResetRequest>
{
    public static bool RequiresAdminToken => false;

    public static PasswordResetRequest Read(JsonFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(IdentityFields.Username(fields), fields.RequiredString("password"), fields.RequiredString("totp"));
    }
}

internal static class IdentityFields
{
    /// <summary>The username, checked here too because it becomes a grain key.</summary>
    public static string Username(JsonFields fields)
    {
        var username = fields.RequiredString("username");
        return Names.Check(username, "username") is { } problem ? throw new RequestException(problem) : username;
    }
}
