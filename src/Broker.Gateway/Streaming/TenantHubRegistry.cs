using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;

namespace Broker.Gateway.Streaming;

/// <summary>
/// The tenant hubs of this gateway: created by a tenant's first connection, stopped (and unsubscribed) when its
/// last one leaves.
/// </summary>
public sealed partial class TenantHubRegistry(
    ITenantLog log,
    ITenantFeed feed,
    ITicketSource tickets,
    TimeProvider time,
    GatewaySettings settings,
    ILogger<TenantHubRegistry> logger) : IAsyncDisposable
{
    /// <summary>How often a hub compares its last id with the log and re-checks its subscribers' credentials.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, TenantHub> _hubs = new(StringComparer.Ordinal);
    private readonly List<Task> _stopping = [];
    private readonly Lock _gate = new();

    /// <summary>How many tenants have a hub right now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _hubs.Count;
            }
        }
    }

    /// <summary>Adds a subscriber to its tenant's hub; dispose the membership to leave.</summary>
    public Membership Join(string tenant, ITenantSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            if (_hubs.TryGetValue(tenant, out var hub))
            {
                hub.Add(subscriber);
            }
            else
            {
                // The first subscriber joins before the hub starts, so that the hub's first check, which tells
                // every subscriber where the log stands, cannot run before it is there to hear it.
                hub = new TenantHub(
                    tenant, log, feed, tickets, time, CheckInterval, settings.HeartbeatInterval, logger);
                _hubs.Add(tenant, hub);
                hub.Add(subscriber);
                hub.Start();
                LogHubStarted(logger, tenant);
            }

            return new Membership(this, hub, subscriber);
        }
    }

    /// <summary>The hub of a tenant, if it has one; for diagnostics and tests.</summary>
    public TenantHub? Find(string tenant)
    {
        lock (_gate)
        {
            return _hubs.GetValueOrDefault(tenant);
        }
    }

    public async ValueTask DisposeAsync()
    {
        TenantHub[] hubs;
        Task[] stopping;
        lock (_gate)
        {
            hubs = [.. _hubs.Values];
            _hubs.Clear();
            stopping = [.. _stopping];
        }

        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }

        await Task.WhenAll(stopping);
    }

    private void Leave(TenantHub hub, ITenantSubscriber subscriber)
    {
        lock (_gate)
        {
            if (hub.Remove(subscriber) > 0 ||
                !_hubs.TryGetValue(hub.Tenant, out var current) || !ReferenceEquals(current, hub))
            {
                return;
            }

            _hubs.Remove(hub.Tenant);
            _stopping.RemoveAll(task => task.IsCompleted);
            _stopping.Add(StopAsync(hub));
        }
    }

    private async Task StopAsync(TenantHub hub)
    {
        await Task.Yield();
        await hub.DisposeAsync();
        LogHubStopped(logger, hub.Tenant);
    }

    [LoggerMessage(EventId = (int)StreamingLogEvent.HubStarted, Level = LogLevel.Debug,
        Message = "Tenant {Tenant}: first stream opened; hub started")]
    private static partial void LogHubStarted(ILogger logger, string tenant);

    [LoggerMessage(EventId = (int)StreamingLogEvent.HubStopped, Level = LogLevel.Debug,
        Message = "Tenant {Tenant}: last stream closed; hub stopped")]
    private static partial void LogHubStopped(ILogger logger, string tenant);

    /// <summary>A subscriber's place in a hub.</summary>
    public sealed class Membership(TenantHubRegistry registry, TenantHub hub, ITenantSubscriber subscriber)
        : IDisposable
    {
        private int _left;

        public TenantHub Hub => hub;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                registry.Leave(hub, subscriber);
            }
        }
    }
}
