using System.Globalization;
using System.Net;
using Broker.Events;
using Broker.Hosting;
using Microsoft.Extensions.Configuration;

namespace Broker.Silo;

/// <summary>The silo's settings, read from configuration keys named as the rest of Broker names them.</summary>
public sealed record SiloSettings(
    string StorageConnectionString,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedIp,
    int BcryptCost)
{
    /// <summary>
    /// True when the silo runs in a Kubernetes pod, told by the <c>POD_NAME</c> and <c>POD_NAMESPACE</c> variables
    /// that the manifests set from the pod's own fields.
    /// </summary>
    public bool InKubernetes { get; init; }

    /// <summary>
    /// How often the silo's stream pulling agents look for new tenant messages (<c>stream_poll_ms</c>): the
    /// longest a published event waits before it leaves for the gateways, paid for in idle CPU.
    /// </summary>
    public TimeSpan StreamPollPeriod { get; init; } = TenantStreamOptions.DefaultPollPeriod;

    /// <summary>The stream type of tenant messages (<c>stream_provider</c>); the gateways must use the same.</summary>
    public TenantStreamKind StreamProvider { get; init; } = TenantStreamKind.Memory;

    /// <summary>Reads and checks every key, naming the key and the rule when a value is wrong.</summary>
    /// <exception cref="InvalidOperationException">A value breaks its rule.</exception>
    public static SiloSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var inKubernetes = !string.IsNullOrWhiteSpace(configuration["POD_NAME"])
            && !string.IsNullOrWhiteSpace(configuration["POD_NAMESPACE"]);

        // In a pod the address others reach is the pod's; POD_IP is set from status.podIP.
        var defaultAddress = inKubernetes && !string.IsNullOrWhiteSpace(configuration["POD_IP"])
            ? configuration["POD_IP"]!
            : "127.0.0.1";
        return new SiloSettings(
            Text(configuration, "storage_connection_string", "UseDevelopmentStorage=true"),
            Text(configuration, "cluster_id", "broker"),
            Text(configuration, "service_id", "broker"),
            Number(configuration, "silo_port", 11111, 1, 65535),
            Number(configuration, "silo_gateway_port", 30000, 1, 65535),
            Address(configuration, "advertised_ip", defaultAddress),
            Number(configuration, "bcrypt_cost", 11, 4, 31))
        {
            InKubernetes = inKubernetes,
            StreamPollPeriod = TimeSpan.FromMilliseconds(Number(configuration, "stream_poll_ms",
                (int)TenantStreamOptions.DefaultPollPeriod.TotalMilliseconds, 1, 10_000)),
            StreamProvider = TenantStreamKinds.Parse(configuration["stream_provider"]),
        };
    }

    private static string Text(IConfiguration configuration, string key, string fallback)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
    }

    private static int Number(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number < min || number > max)
        {
            throw new InvalidOperationException($"{key} must be a whole number from {min} to {max}, not '{value}'.");
        }

        return number;
    }

    private static IPAddress Address(IConfiguration configuration, string key, string fallback)
    {
        var value = Text(configuration, key, fallback);
        return IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"{key} must be an IP address, not '{value}'.");
    }
}
