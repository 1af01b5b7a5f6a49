using System.Net.Mail;

namespace Broker.Identity;

/// <summary>Checks that an email address is a plain, deliverable-looking address on a non-disposable domain.</summary>
public static class EmailRules
{
    /// <summary>The longest address SMTP can carry (RFC 5321).</summary>
    public const int MaxLength = 254;

    public static string? Check(string email)
    {
        const string invalid = "email is not a valid address";
        if (email.Length is 0 or > MaxLength || Names.CheckText(email, "email") is not null)
        {
            return invalid;
        }

        // MailAddress alone accepts display names ("Bob <bob@x.org>") and odd forms; the address it reads back
        // must be exactly what was given, with a dotted domain of sane labels and no spaces.
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email
            || email.Contains(' ', StringComparison.Ordinal))
        {
            return invalid;
        }

        var at = email.LastIndexOf('@');
        var local = email[..at];
        var domain = email[(at + 1)..];
        if (local.Length is 0 or > 64 || !IsDomain(domain))
        {
            return invalid;
        }

        return DisposableEmailDomains.Contains(domain)
            ? "email addresses from disposable-mail domains are not allowed"
            : null;
    }

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsLetterOrDigit(c) || c == '-' || c > '\u007f'));
    }
}
