using System.Security.Cryptography;
using System.Text;

namespace Broker.Events;

/// <summary>
/// The Orleans stream type that carries tenant messages (setting <c>stream_provider</c>). Every silo and gateway of
/// a cluster must use the same one: Orleans does not notice a mismatch, the messages just never arrive.
/// </summary>
public enum TenantStreamKind
{
    /// <summary><c>memory</c>: queues held in silo memory; what is queued when a silo dies is lost.</summary>
    Memory,

    /// <summary><c>azure_queue</c>: queues in the storage account, polled by the silos; they survive a silo.</summary>
    AzureQueue,
}

/// <summary>Reading <see cref="TenantStreamKind"/> and what both kinds need alike in silos and gateways.</summary>
public static class TenantStreamKinds
{
    /// <summary>How many queues tenant streams are spread over (Orleans' own default for both kinds).</summary>
    public const int QueueCount = 8;

    /// <summary>Reads a <c>stream_provider</c> value; empty means <see cref="TenantStreamKind.Memory"/>.</summary>
    /// <exception cref="InvalidOperationException">The value names no known kind.</exception>
    public static TenantStreamKind Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "memory" => TenantStreamKind.Memory,
        "azure_queue" => TenantStreamKind.AzureQueue,
        _ => throw new InvalidOperationException($"stream_provider must be memory or azure_queue, not '{value}'."),
    };

    /// <summary>
    /// The Azure queues of a service's tenant streams, the same in every process that shares
    /// <paramref name="serviceId"/>. Queue names allow only lower-case letters, digits and single dashes, which a
    /// service id need not keep to, so the id goes in as a short hash.
    /// </summary>
    public static IReadOnlyList<string> AzureQueueNames(string serviceId)
    {
        ArgumentNullException.ThrowIfNull(serviceId);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(serviceId)))[..16];
        return [.. Enumerable.Range(0, QueueCount).Select(i => $"tenants-{hash}-{i}")];
    }
}
