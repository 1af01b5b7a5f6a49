using System.Text;

namespace Broker.Identity;

/// <summary>The rules a user's fields must keep. Each check returns the reason for refusal, or null.</summary>
public static class UserRules
{
    /// <summary>The user's free data, as compact JSON in UTF-8, keeps grain state small.</summary>
    public const int MaxDataBytes = 16 * 1024;

    public const int MaxScopes = 100;

    /// <summary>A scope is two names around one colon.</summary>
    public const int MaxScopeLength = (2 * Names.MaxLength) + 1;

    /// <summary>bcrypt reads no further than this; a longer password would be silently cut.</summary>
    public const int MaxPasswordBytes = 72;

    public static string? CheckUsername(string? username) => Names.Check(username, "username");

    public static string? CheckTenant(string? tenant) => Names.Check(tenant, "tenant_name");

    public static string? CheckPassword(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "password must not be empty";
        }

        if (password.Contains('\0', StringComparison.Ordinal))
        {
            return "password must not contain a NUL character";
        }

        return Encoding.UTF8.GetByteCount(password) > MaxPasswordBytes
            ? $"password must be at most {MaxPasswordBytes} bytes in UTF-8"
            : null;
    }

    public static string? CheckEmail(string? email) => email is null ? null : EmailRules.Check(email);

    public static string? CheckScopes(IReadOnlyList<string>? scopes)
    {
        if (scopes is null)
        {
            return null;
        }

        if (scopes.Count > MaxScopes)
        {
            return $"at most {MaxScopes} scopes are allowed";
        }

        foreach (var scope in scopes)
        {
            if (CheckScope(scope) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    public static string? CheckData(string? dataJson) =>
        dataJson is not null && Encoding.UTF8.GetByteCount(dataJson) > MaxDataBytes
            ? $"data must be at most {MaxDataBytes} bytes of JSON"
            : null;

    private static string? CheckScope(string? scope)
    {
        const string shape = "each scope must have the form resource:operation";
        if (string.IsNullOrEmpty(scope))
        {
            return shape;
        }

        var colon = scope.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == scope.Length - 1 || scope.IndexOf(':', colon + 1) >= 0)
        {
            return $"{shape}, with exactly one colon and neither side empty";
        }

        if (scope.Length > MaxScopeLength)
        {
            return $"each scope must be at most {MaxScopeLength} characters";
        }

        return Names.CheckText(scope, "a scope");
    }
}
