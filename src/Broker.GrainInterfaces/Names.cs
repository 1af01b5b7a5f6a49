namespace Broker;

/// <summary>
/// The rule shared by usernames, tenant names and event names: 1 to 64 characters, no control characters. The
/// gateway checks it before it asks a grain (Orleans refuses an empty key), and the grains check it again.
/// </summary>
/// <remarks>
/// Characters are counted as .NET counts them (UTF-16 code units), as JavaScript clients do. That keeps the
/// hex-encoded UTF-8 of a name at most 384 characters (64 units, at most 3 bytes each), so a prefixed Azure key
/// stays well under Azure's 1 KiB (512 characters). Unpaired surrogates are refused: they have no UTF-8 form
/// and so could not round-trip through storage.
/// </remarks>
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

        return CheckText(value, what);
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

    /// <summary>The reason free text has a control character or an unpaired surrogate, or null.</summary>
    public static string? CheckText(string value, string what)
    {
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
}
