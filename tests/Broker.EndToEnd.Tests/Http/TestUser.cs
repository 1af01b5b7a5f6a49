using System.Net.Http.Headers;
using System.Text;

namespace Broker.EndToEnd.Http;

/// <summary>A user a test creates: unique names, so that tests sharing a cluster never meet by accident.</summary>
public sealed record TestUser(string Username, string Password, string Tenant)
{
    public static TestUser Unique(string label, string? tenant = null) =>
        new(UniqueName(label), "correct horse battery staple " + Guid.NewGuid().ToString("N")[..6],
            tenant ?? UniqueName("tenant"));

    /// <summary>A name that no other test uses: the label and a random suffix.</summary>
    public static string UniqueName(string label) => $"{label}-{Guid.NewGuid().ToString("N")[..12]}";

    public AuthenticationHeaderValue Basic => Credentials.Basic(Username, Password);
}

public static class Credentials
{
    public static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    public static AuthenticationHeaderValue Bearer(string jwt) => new("Bearer", jwt);
}
