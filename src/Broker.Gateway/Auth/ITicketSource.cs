using Broker.Identity;

namespace Broker.Gateway.Auth;

/// <summary>Where the gateway reads a user's current ticket: stamp, tenant and whether the user is revoked.</summary>
public interface ITicketSource
{
    /// <returns>The ticket, or null when the user no longer exists.</returns>
    Task<UserTicket?> GetTicketAsync(string username);
}

/// <summary>Reads tickets from the user grains; in memory there, so a call costs no storage nor hashing.</summary>
public sealed class OrleansTicketSource(IGrainFactory grains) : ITicketSource
{
    public Task<UserTicket?> GetTicketAsync(string username) => grains.GetGrain<IUserGrain>(username).GetTicket();
}
