namespace Broker.Gateway.Auth;

/// <summary>Event ids of the authentication area's log lines.</summary>
internal enum AuthLogEvent
{
    ConfiguredSecret = 2000,
    ClusterSecret = 2001,
    SecretUnavailable = 2002,
    Rejected = 2010,
    ClusterUnavailable = 2011,
}
