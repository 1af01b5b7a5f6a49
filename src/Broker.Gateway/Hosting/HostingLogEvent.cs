namespace Broker.Gateway.Hosting;

/// <summary>Event ids of start-up and shutdown log lines.</summary>
internal enum HostingLogEvent
{
    Connecting = 1000,
    WaitingForCluster = 1001,
    Listening = 1002,
    DefaultAdminToken = 1003,
    Stopping = 1004,
}
