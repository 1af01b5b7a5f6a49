using Broker.Gateway.Auth;

namespace Broker.Gateway.Tests.Auth;

public sealed class BasicCredentialCacheTests
{
    [Fact]
    public void IsVerified_OnlyUnderTheStampItWasRememberedWith()
    {
        using var cache = new BasicCredentialCache();
        var key = cache.KeyOf(new BasicCredentials("bob", "pw"));

        cache.Remember(key, "stamp-1");

        Assert.True(cache.IsVerified(key, "stamp-1"));
        Assert.False(cache.IsVerified(key, "stamp-2"));
    }

    [Fact]
    public void KeyOf_DiffersForAnyOtherUsernameOrPassword()
    {
        using var cache = new BasicCredentialCache();
        var key = cache.KeyOf(new BasicCredentials("bob", "pw"));

        Assert.Equal(key, cache.KeyOf(new BasicCredentials("bob", "pw")));
        Assert.NotEqual(key, cache.KeyOf(new BasicCredentials("bob", "pw2")));
        Assert.NotEqual(key, cache.KeyOf(new BasicCredentials("bo", "bpw")));
        Assert.DoesNotContain("pw", key, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyOf_DiffersBetweenProcesses()
    {
        using var first = new BasicCredentialCache();
        using var second = new BasicCredentialCache();

        var credentials = new BasicCredentials("bob", "pw");

        Assert.NotEqual(first.KeyOf(credentials), second.KeyOf(credentials));
    }
}
