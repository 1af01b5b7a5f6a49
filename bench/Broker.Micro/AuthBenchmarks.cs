using System.Text;
using BenchmarkDotNet.Attributes;
using Broker.Gateway.Auth;

namespace Broker.Micro;

/// <summary>
/// The CPU work of authenticating one request, without the user grain call both schemes make: validating a JWT
/// against parsing Basic credentials and looking them up in the verification cache (a hit, as for a repeat caller).
/// </summary>
public class AuthBenchmarks
{
    private const string Stamp = "stamp-0123456789abcdef";

    private JwtTokens _tokens = null!;
    private string _jwt = null!;
    private BasicCredentialCache _cache = null!;
    private string _basicHeader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tokens = new JwtTokens(Encoding.UTF8.GetBytes("a-benchmark-secret-of-at-least-32-bytes!"),
            TimeSpan.FromDays(1), TimeProvider.System);
        _jwt = _tokens.Issue("bench-user", "bench-tenant", Stamp);
        _cache = new BasicCredentialCache();
        _basicHeader = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bench-user:Pw-correct horse battery"));
        if (!AuthorizationHeader.TryParseBasic(_basicHeader, out var credentials))
        {
            throw new InvalidOperationException("the benchmark's Basic header does not parse");
        }

        _cache.Remember(_cache.KeyOf(credentials), Stamp);
    }

    [GlobalCleanup]
    public void Cleanup() => _cache.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<JwtClaims?> BearerValidate() => await _tokens.ValidateAsync(_jwt);

    [Benchmark]
    public bool BasicParseAndCacheHit()
    {
        return AuthorizationHeader.TryParseBasic(_basicHeader, out var credentials) &&
            _cache.IsVerified(_cache.KeyOf(credentials), Stamp);
    }

    [Benchmark]
    public string BearerIssue() => _tokens.Issue("bench-user", "bench-tenant", Stamp);
}
