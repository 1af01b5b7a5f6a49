namespace Broker.Gateway.Health;

/// <summary>
/// What the Orleans client reports about its connections to silos. Orleans calls it when the number of silos the
/// gateway is connected to changes and when it gives up on the cluster; readiness is read from it.
/// </summary>
public sealed class ClusterConnectionStatus : IClusterConnectionStatusObserver
{
    // The host starts listening only once the client has connected, so until Orleans says otherwise the gateway
    // is connected; -1 means that no count has been reported yet.
    private int _connectedSilos = -1;
    private int _lost;

    /// <summary>True while at least one silo is known to accept this gateway's calls.</summary>
    public bool IsConnected => Volatile.Read(ref _lost) == 0 && Volatile.Read(ref _connectedSilos) != 0;

    /// <summary>How many silos the client is connected to; null until Orleans first reports a count.</summary>
    public int? ConnectedSilos => Volatile.Read(ref _connectedSilos) is var count and >= 0 ? count : null;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways,
        bool connectionRecovered)
    {
        Volatile.Write(ref _connectedSilos, currentNumberOfGateways);
        if (currentNumberOfGateways > 0)
        {
            Volatile.Write(ref _lost, 0);
        }
    }

    public void NotifyClusterConnectionLost()
    {
        Volatile.Write(ref _lost, 1);
        Volatile.Write(ref _connectedSilos, 0);
    }
}
