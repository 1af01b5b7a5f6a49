using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Broker.Gateway.Auth;

/// <summary>Username and password from an HTTP Basic header.</summary>
public sealed record BasicCredentials(string Username, string Password);

/// <summary>Reads the <c>Authorization</c> header. Scheme names are case-insensitive (RFC 9110).</summary>
public static class AuthorizationHeader
{
    public const string BearerScheme = "Bearer";

    public const string BasicScheme = "Basic";

    /// <summary>True when the header names the scheme, followed by a space or nothing.</summary>
    public static bool HasScheme(string header, string scheme)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) &&
            (header.Length == scheme.Length || header[scheme.Length] == ' ');
    }

    /// <summary>The credentials after the scheme name, without surrounding spaces; empty when there are none.</summary>
    public static string Parameter(string header, string scheme) =>
        HasScheme(header, scheme) ? header[scheme.Length..].Trim(' ') : string.Empty;

    /// <summary>
    /// Decodes <c>Basic base64(username:password)</c>. The password is everything after the first colon, so it
    /// may contain colons itself.
    /// </summary>
    public static bool TryParseBasic(string header, [NotNullWhen(true)] out BasicCredentials? credentials)
    {
        credentials = null;
        var encoded = Parameter(header, BasicScheme);
        if (encoded.Length == 0 || encoded.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        credentials = new BasicCredentials(text[..colon], text[(colon + 1)..]);
        return true;
    }
}
