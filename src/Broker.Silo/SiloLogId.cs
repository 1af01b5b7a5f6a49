namespace Broker.Silo;

/// <summary>Event ids of the silo host's log messages.</summary>
internal enum SiloLogId
{
    Ready = 101,
    Stopping = 102,
}
