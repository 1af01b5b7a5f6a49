namespace Broker.Identity;

/// <summary>Settings of the identity grains, bound from the silo's configuration.</summary>
public sealed class IdentityOptions
{
    /// <summary>The bcrypt work factor (<c>bcrypt_cost</c>); each step doubles the cost of a hash.</summary>
    public int BcryptCost { get; set; } = 11;
}
