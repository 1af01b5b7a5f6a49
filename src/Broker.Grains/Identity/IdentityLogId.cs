namespace Broker.Identity;

/// <summary>Event ids of the identity grains' log messages.</summary>
internal enum IdentityLogId
{
    Created = 2001,
    CredentialsChanged = 2002,
    RevocationChanged = 2003,
    ResetCodeIssued = 2004,
    LockedOut = 2005,
    SignOutFailed = 2006,
    StorageFailed = 2007,
}
