using System.Globalization;

namespace Broker.Gateway.Configuration;

/// <summary>
/// Every setting the gateway reads, with the original broker's names and defaults. Keys come from flags
/// (<c>--port 8080</c>), environment variables (<c>port</c> or <c>BROKER_port</c>) and <c>appsettings.json</c>.
/// </summary>
public sealed record GatewaySettings
{
    /// <summary>The default admin token of the original broker; accepted, but with a loud warning.</summary>
    public const string DefaultAdminToken = "letmein";

    public string StorageConnectionString { get; init; } = "UseDevelopmentStorage=true";

    public string ClusterId { get; init; } = "broker";

    public string ServiceId { get; init; } = "broker";

    public int Port { get; init; } = 8080;

    /// <summary>The CORS allowed origin; <c>*</c> allows any.</summary>
    public string Origin { get; init; } = "*";

    public TimeSpan JwtExpiry { get; init; } = TimeSpan.FromSeconds(86400);

    /// <summary>The HS256 secret, or null to use the cluster's generated one.</summary>
    public string? JwtSecret { get; init; }

    public string AdminToken { get; init; } = DefaultAdminToken;

    public bool PasswordChecker { get; init; }

    public TimeSpan TotpDuration { get; init; } = TimeSpan.FromSeconds(300);

    public bool Ssl { get; init; }

    /// <summary>The PEM certificate (chain) file used when <see cref="Ssl"/> is on.</summary>
    public string? Certs { get; init; }

    /// <summary>The PEM private key file used when <see cref="Ssl"/> is on.</summary>
    public string? KeyPath { get; init; }

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    public int MaxEventBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// On shutdown, the window over which open event streams are closed, each at a random moment within it, so
    /// that their clients reconnect to the other gateways spread out rather than all at once. Zero closes them
    /// all at once.
    /// </summary>
    public TimeSpan DrainDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Open <c>/sse</c> streams one user may hold on this gateway (not across the cluster): a few browser tabs
    /// and devices fit, while one stolen or buggy credential cannot take the gateway's capacity.
    /// </summary>
    public int MaxStreamsPerUser { get; init; } = 16;

    /// <summary>Open <c>/sse</c> streams this gateway serves in all; past it a client should try another one.</summary>
    public int MaxStreams { get; init; } = 20_000;

    /// <summary>
    /// How long a grain call may take before the gateway gives up and answers 503. An insert may wait in its
    /// tenant's queue for half of it; the other half covers its write.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool UsesDefaultAdminToken => AdminToken == DefaultAdminToken;

    /// <summary>Reads and checks every key; a value that cannot be used stops the start with a clear message.</summary>
    /// <exception cref="InvalidOperationException">A value is malformed or out of range.</exception>
    public static GatewaySettings FromConfiguration(IConfiguration configuration)
    {
        var defaults = new GatewaySettings();
        var settings = new GatewaySettings
        {
            StorageConnectionString =
                Text(configuration, "storage_connection_string") ?? defaults.StorageConnectionString,
            ClusterId = Text(configuration, "cluster_id") ?? defaults.ClusterId,
            ServiceId = Text(configuration, "service_id") ?? defaults.ServiceId,
            Port = (int)Integer(configuration, "port", defaults.Port, 0, 65535),
            Origin = Text(configuration, "origin") ?? defaults.Origin,
            JwtExpiry = TimeSpan.FromSeconds(Integer(configuration, "jwt_expiry", 86400, 1, 10L * 365 * 86400)),
            JwtSecret = Text(configuration, "jwt_secret"),
            AdminToken = Text(configuration, "admin_token") ?? defaults.AdminToken,
            PasswordChecker = Flag(configuration, "password_checker", false),
            TotpDuration = TimeSpan.FromSeconds(Integer(configuration, "totp_duration", 300, 1, 86400)),
            Ssl = Flag(configuration, "ssl", false),
            Certs = Text(configuration, "certs"),
            KeyPath = Text(configuration, "key_path"),
            HeartbeatInterval = TimeSpan.FromSeconds(Seconds(configuration, "heartbeat_interval", 15)),
            MaxBodyBytes = Integer(configuration, "max_body_bytes", defaults.MaxBodyBytes, 1024, int.MaxValue),
            MaxEventBytes = (int)Integer(configuration, "max_event_bytes", defaults.MaxEventBytes, 16, int.MaxValue),
            DrainDuration = TimeSpan.FromSeconds(Integer(configuration, "drain_duration", 10, 0, 3600)),
            MaxStreamsPerUser =
                (int)Integer(configuration, "max_streams_per_user", defaults.MaxStreamsPerUser, 1, 1_000_000),
            MaxStreams = (int)Integer(configuration, "max_streams", defaults.MaxStreams, 1, 10_000_000),
            // Below a second, ordinary calls on a busy machine would already be given up.
            CallTimeout = TimeSpan.FromSeconds(Seconds(configuration, "call_timeout", 10, min: 1)),
        };

        if (settings.Ssl && (settings.Certs is null || settings.KeyPath is null))
        {
            throw new InvalidOperationException(
                "ssl is on: set certs and key_path to the PEM certificate and key files.");
        }

        // RFC 7518 asks for an HS256 key at least as long as the hash; the JWT library refuses much shorter ones.
        if (settings.JwtSecret is { } secret && System.Text.Encoding.UTF8.GetByteCount(secret) < 32)
        {
            throw new InvalidOperationException("jwt_secret must be at least 32 bytes long for HS256.");
        }

        return settings;
    }

    private static string? Text(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : null;

    private static long Integer(IConfiguration configuration, string key, long fallback, long min, long max)
    {
        if (Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ||
            value < min || value > max)
        {
            throw new InvalidOperationException($"{key} must be a whole number from {min} to {max}.");
        }

        return value;
    }

    private static double Seconds(IConfiguration configuration, string key, double fallback, double min = 0.01)
    {
        if (Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
            !(value >= min && value <= 3600))
        {
            throw new InvalidOperationException(
                $"{key} must be a number of seconds from {min.ToString(CultureInfo.InvariantCulture)} to 3600.");
        }

        return value;
    }

    private static bool Flag(IConfiguration configuration, string key, bool fallback)
    {
        if (Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new InvalidOperationException($"{key} must be true or false."),
        };
    }
}
