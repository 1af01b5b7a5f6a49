using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Broker.Security.Harness;

/// <summary>A user a test creates, with unique names so that tests sharing a cluster never meet.</summary>
public sealed record TestUser(string Username, string Password, string Tenant)
{
    public static TestUser Unique(string label, string? tenant = null) =>
        new(UniqueName(label), "pw " + RandomText(), tenant ?? UniqueName("tenant"));

    /// <summary>A label and a random suffix.</summary>
    public static string UniqueName(string label) => $"{label}-{RandomText()[..12]}";

    /// <summary>32 random hex digits: unguessable and easy to search for in logs.</summary>
    public static string RandomText() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public AuthenticationHeaderValue Basic => AuthHeaders.Basic(Username, Password);
}

public static class AuthHeaders
{
    public static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    public static AuthenticationHeaderValue Bearer(string jwt) => new("Bearer", jwt);
}
