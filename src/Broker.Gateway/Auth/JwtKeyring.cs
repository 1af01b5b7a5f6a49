namespace Broker.Gateway.Auth;

/// <summary>
/// Holds the <see cref="JwtTokens"/> once the secret is known: at once when <c>jwt_secret</c> is configured,
/// otherwise after <see cref="JwtSecretLoader"/> fetched the cluster's secret, which happens before the gateway
/// starts listening.
/// </summary>
public sealed class JwtKeyring
{
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private volatile JwtTokens? _tokens;

    public JwtKeyring(TimeSpan lifetime, TimeProvider time)
    {
        _lifetime = lifetime;
        _time = time;
    }

    public bool IsLoaded => _tokens is not null;

    /// <exception cref="InvalidOperationException">The secret is not loaded yet.</exception>
    public JwtTokens Tokens => _tokens ?? throw new InvalidOperationException("The JWT secret is not loaded yet.");

    public void Load(byte[] secret) => _tokens = new JwtTokens(secret, _lifetime, _time);
}
