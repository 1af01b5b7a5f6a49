using System.Text;
using Broker.Gateway.Auth;

namespace Broker.Gateway.Tests.Auth;

public sealed class AuthorizationHeaderTests
{
    private static string Basic(string credentials, string scheme = "Basic") =>
        $"{scheme} {Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))}";

    [Fact]
    public void TryParseBasic_SplitsAtTheFirstColon()
    {
        Assert.True(AuthorizationHeader.TryParseBasic(Basic("bob:pa:ss:word"), out var credentials));

        Assert.Equal(new BasicCredentials("bob", "pa:ss:word"), credentials);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("BASIC")]
    [InlineData("bAsIc")]
    public void TryParseBasic_ReadsTheSchemeCaseInsensitively(string scheme)
    {
        Assert.True(AuthorizationHeader.TryParseBasic(Basic("bob:pw", scheme), out var credentials));

        Assert.Equal(new BasicCredentials("bob", "pw"), credentials);
    }

    [Fact]
    public void TryParseBasic_KeepsNonAsciiAndEmptyPasswords()
    {
        Assert.True(AuthorizationHeader.TryParseBasic(Basic("j\u00F6rg:"), out var credentials));

        Assert.Equal(new BasicCredentials("j\u00F6rg", ""), credentials);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Basic !!!")]
    [InlineData("Basic Ym9i")]
    [InlineData("Basic OnB3")]
    [InlineData("Basic Ym9iOnB3 extra")]
    [InlineData("Basically Ym9iOnB3")]
    [InlineData("Bearer Ym9iOnB3")]
    [InlineData("Basic /w==")]
    public void TryParseBasic_RefusesMalformedCredentials(string header)
    {
        Assert.False(AuthorizationHeader.TryParseBasic(header, out _));
    }

    [Theory]
    [InlineData("Bearer abc", "Bearer", true)]
    [InlineData("bearer abc", "Bearer", true)]
    [InlineData("Bearer", "Bearer", true)]
    [InlineData("Bearerabc", "Bearer", false)]
    [InlineData("Basic abc", "Bearer", false)]
    public void HasScheme_MatchesWholeSchemeNames(string header, string scheme, bool expected)
    {
        Assert.Equal(expected, AuthorizationHeader.HasScheme(header, scheme));
    }

    [Fact]
    public void Parameter_TrimsSpaces()
    {
        Assert.Equal("abc", AuthorizationHeader.Parameter("Bearer   abc ", "Bearer"));
    }
}
