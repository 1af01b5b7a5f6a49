namespace Broker;

/// <summary>Keys of services registered for Broker's grains alone.</summary>
public static class BrokerServiceKeys
{
    /// <summary>
    /// The clock of identity rules (TOTP steps, reset code expiry, lockouts). Keyed, so a test can replace it
    /// with a fake without also stopping the clocks Orleans itself runs on.
    /// </summary>
    public const string Clock = "Broker.Clock";
}
