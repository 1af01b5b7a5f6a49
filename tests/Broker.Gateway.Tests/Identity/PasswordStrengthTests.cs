using Broker.Gateway.Configuration;
using Broker.Gateway.Identity;

namespace Broker.Gateway.Tests.Identity;

public sealed class PasswordStrengthTests
{
    private static readonly PasswordStrength Checker = new(new GatewaySettings { PasswordChecker = true });

    [Fact]
    public void Check_IsOffByDefault()
    {
        Assert.Null(new PasswordStrength(new GatewaySettings()).Check("password"));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("qwerty123")]
    [InlineData("bob1980")]
    public void Check_RefusesGuessablePasswords_WithAdvice(string password)
    {
        var error = Checker.Check(password, "bob");

        Assert.NotNull(error);
        Assert.Equal(400, error.StatusCode);
        Assert.StartsWith("password is too weak (strength ", error.Value.Error, StringComparison.Ordinal);
        Assert.Contains("use a longer password", error.Value.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RefusesTheUsernameAsPassword()
    {
        Assert.NotNull(Checker.Check("marguerite-dubois", "marguerite-dubois"));
    }

    [Fact]
    public void Check_AcceptsLongUnpredictablePasswords()
    {
        Assert.Null(Checker.Check("violet kettle orbits 47 sideways", "bob"));
    }
}
