using System.Text;
using Broker.Gateway.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Broker.Gateway.Tests.Auth;

public sealed class JwtTokensTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a-test-secret-that-is-long-enough-for-hs256");
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly JwtTokens _tokens;

    public JwtTokensTests()
    {
        _tokens = new JwtTokens(Secret, Lifetime, _time);
    }

    [Fact]
    public async Task Issue_CarriesUserTenantStampIssuerAndTimes()
    {
        var token = _tokens.Issue("bob", "acme", "stamp-1");

        var jwt = new JsonWebToken(token);
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal("bob", jwt.Subject);
        Assert.Equal("Broker", jwt.Issuer);
        Assert.Equal("acme", jwt.GetPayloadValue<string>("tenant"));
        Assert.Equal("stamp-1", jwt.GetPayloadValue<string>("stamp"));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("iat"));
        Assert.Equal((_time.GetUtcNow() + Lifetime).ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("exp"));
        Assert.Equal(new JwtClaims("bob", "acme", "stamp-1", _time.GetUtcNow() + Lifetime),
            await _tokens.ValidateAsync(token));
    }

    [Fact]
    public async Task Validate_AcceptsATokenJustPastExpiry_WithinTheClockSkew()
    {
        var token = _tokens.Issue("bob", "acme", "s");

        _time.Advance(Lifetime + TimeSpan.FromSeconds(4));

        Assert.NotNull(await _tokens.ValidateAsync(token));
    }

    [Fact]
    public async Task Validate_RefusesATokenExpiredBeyondTheClockSkew()
    {
        var token = _tokens.Issue("bob", "acme", "s");

        _time.Advance(Lifetime + TimeSpan.FromSeconds(6));

        Assert.Null(await _tokens.ValidateAsync(token));
    }

    [Fact]
    public async Task Validate_RefusesATokenSignedWithAnotherSecret()
    {
        var other = new JwtTokens(Encoding.UTF8.GetBytes("another-secret-that-is-also-long-enough!!"), Lifetime, _time);

        Assert.Null(await _tokens.ValidateAsync(other.Issue("bob", "acme", "s")));
    }

    [Fact]
    public async Task Validate_RefusesAlgNone()
    {
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode(Payload("Broker"));

        Assert.Null(await _tokens.ValidateAsync($"{header}.{payload}."));
    }

    [Fact]
    public async Task Validate_RefusesOtherAlgorithms_EvenWithTheRightSecret()
    {
        // HS512 needs a 512-bit key, so both sides get one here.
        var secret = Encoding.UTF8.GetBytes(new string('k', 64));
        var tokens = new JwtTokens(secret, Lifetime, _time);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var credentials = new SigningCredentials(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha512);

        Assert.Null(await tokens.ValidateAsync(handler.CreateToken(Payload("Broker"), credentials)));
    }

    [Fact]
    public async Task Validate_RefusesAForeignIssuer()
    {
        Assert.Null(await _tokens.ValidateAsync(Sign(SecurityAlgorithms.HmacSha256, "Elsewhere")));
    }

    [Fact]
    public async Task Validate_AcceptsAHandMadeTokenWithOurIssuerAndSecret()
    {
        Assert.Equal("bob", (await _tokens.ValidateAsync(Sign(SecurityAlgorithms.HmacSha256, "Broker")))?.Username);
    }

    [Fact]
    public async Task Validate_RefusesATokenWithoutStamp()
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var token = handler.CreateToken(Payload("Broker").Replace(",\"stamp\":\"s\"", "", StringComparison.Ordinal),
            new SigningCredentials(new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256));

        Assert.Null(await _tokens.ValidateAsync(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    public async Task Validate_RefusesMalformedTokens(string token)
    {
        Assert.Null(await _tokens.ValidateAsync(token));
    }

    private string Payload(string issuer)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return $"{{\"sub\":\"bob\",\"iss\":\"{issuer}\",\"iat\":{now},\"exp\":{now + 60}," +
            "\"tenant\":\"acme\",\"stamp\":\"s\"}";
    }

    private string Sign(string algorithm, string issuer)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Secret), algorithm);
        return handler.CreateToken(Payload(issuer), credentials);
    }
}
