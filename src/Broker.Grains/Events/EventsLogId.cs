namespace Broker.Events;

/// <summary>Event ids of the event log's log messages.</summary>
internal enum EventsLogId
{
    BatchNotStored = 1001,
    BatchFailed = 1002,
    FlushFailed = 1003,
    Recovered = 1004,
    PublishFailed = 1005,
    SigningOut = 1006,
    Activated = 1007,
    Overloaded = 1008,
}
