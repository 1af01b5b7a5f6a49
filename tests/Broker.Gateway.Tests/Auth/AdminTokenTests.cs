using Broker.Gateway.Auth;

namespace Broker.Gateway.Tests.Auth;

public sealed class AdminTokenTests
{
    private readonly AdminToken _token = new("s3cret-token");

    [Fact]
    public void Matches_TheExactToken()
    {
        Assert.True(_token.Matches("s3cret-token"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3cret-toke")]
    [InlineData("s3cret-token ")]
    [InlineData("S3CRET-TOKEN")]
    [InlineData("s3cret-token-and-more")]
    public void Matches_NothingElse(string? candidate)
    {
        Assert.False(_token.Matches(candidate));
    }
}
