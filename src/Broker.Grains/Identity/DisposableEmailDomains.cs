namespace Broker.Identity;

/// <summary>
/// Well-known throwaway-mail services. A short built-in list rather than a feed: it stops the common ones without
/// a network dependency. A subdomain of a listed domain counts as listed.
/// </summary>
public static class DisposableEmailDomains
{
    private static readonly HashSet<string> Domains = new(StringComparer.OrdinalIgnoreCase)
    {
        "10minutemail.com",
        "10minutemail.net",
        "20minutemail.com",
        "33mail.com",
        "anonbox.net",
        "burnermail.io",
        "discard.email",
        "dispostable.com",
        "emailondeck.com",
        "fakeinbox.com",
        "getairmail.com",
        "getnada.com",
        "guerrillamail.biz",
        "guerrillamail.com",
        "guerrillamail.de",
        "guerrillamail.info",
        "guerrillamail.net",
        "guerrillamail.org",
        "guerrillamailblock.com",
        "harakirimail.com",
        "incognitomail.org",
        "mailcatch.com",
        "maildrop.cc",
        "mailinator.com",
        "mailinator.net",
        "mailinator.org",
        "mailnesia.com",
        "mintemail.com",
        "mohmal.com",
        "mytemp.email",
        "sharklasers.com",
        "spam4.me",
        "spamgourmet.com",
        "tempail.com",
        "temp-mail.io",
        "temp-mail.org",
        "tempmail.com",
        "tempmail.net",
        "tempmailo.com",
        "tempr.email",
        "throwawaymail.com",
        "trashmail.com",
        "trashmail.de",
        "trashmail.net",
        "yopmail.com",
        "yopmail.fr",
        "yopmail.net",
    };

    public static bool Contains(string domain)
    {
        for (var rest = domain; ; rest = rest[(rest.IndexOf('.', StringComparison.Ordinal) + 1)..])
        {
            if (Domains.Contains(rest))
            {
                return true;
            }

            if (!rest.Contains('.', StringComparison.Ordinal))
            {
                return false;
            }
        }
    }
}
