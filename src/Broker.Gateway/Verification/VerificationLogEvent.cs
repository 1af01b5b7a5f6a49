namespace Broker.Gateway.Verification;

/// <summary>Event ids of the Biscuit area's log lines.</summary>
internal enum VerificationLogEvent
{
    ConfiguredRootKey = 6000,
    ClusterRootKey = 6001,
    RootKeyUnavailable = 6002,
    TokenIssued = 6010,
}
