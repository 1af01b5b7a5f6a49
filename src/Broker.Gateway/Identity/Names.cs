namespace Broker.Gateway.Identity;

/// <summary>
/// The naming rule of usernames, tenant names and event names, checked at the edge as well so that nothing
/// unusable becomes a grain key or an SSE field: 1 to 64 characters (UTF-16 units, as JavaScript counts them),
/// no control characters, no unpaired surrogates; event names also no <c>:</c>. The grains check it again.
/// </summary>
public static class Names
{
    public const int MaxLength = 64;

    /// <summary>The reason <paramref name="value"/> is not a valid name, or null when it is.</summary>
    /// <param name="what">How the message calls the name, e.g. <c>username</c>.</param>
    public static string? Check(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"{what} must not be empty";
        }

        if (value.Length > MaxLength)
        {
            return $"{what} must be at most {MaxLength} characters";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                return $"{what} must not contain control characters";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"{what} must be valid Unicode text";
            }
        }

        return null;
    }

    /// <summary>An event name: a name without <c>:</c>, which broker-client reads as a field separator.</summary>
    public static string? CheckEventName(string? value)
    {
        var problem = Check(value, "event name");
        if (problem is null && value!.Contains(':', StringComparison.Ordinal))
        {
            return "event name must not contain ':'";
        }

        return problem;
    }
}
