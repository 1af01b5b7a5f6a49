using System.Globalization;

namespace Broker.Gateway.Verification;

/// <summary>Registers the Biscuit root key and reads its optional setting.</summary>
public static class VerificationSetup
{
    /// <summary>The setting that fixes the root key instead of the cluster's generated one.</summary>
    public const string RootKeySetting = "biscuit_root_key";

    /// <summary>
    /// Registers <see cref="BiscuitRootKey"/>. <see cref="BiscuitRootKeyLoader"/> is registered on its own, after
    /// the Orleans client, because it asks the cluster for the key while the host starts.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>biscuit_root_key</c> is set but malformed.</exception>
    public static IServiceCollection AddBrokerVerification(this IServiceCollection services,
        IConfiguration configuration)
    {
        services.AddSingleton(new BiscuitRootKey(ConfiguredSeed(configuration)));
        return services;
    }

    /// <returns>The 32-byte seed of <c>biscuit_root_key</c>, or null when it is not set.</returns>
    /// <exception cref="InvalidOperationException">The value is not 64 hexadecimal digits.</exception>
    public static byte[]? ConfiguredSeed(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[RootKeySetting] is not { Length: > 0 } text)
        {
            return null;
        }

        text = text.Trim();
        if (text.Length != 64 || !text.All(char.IsAsciiHexDigit))
        {
            // The value is a secret: the message says what is wrong without repeating it.
            throw new InvalidOperationException(
                $"{RootKeySetting} must be 64 hexadecimal digits (a 32-byte Ed25519 seed); it has " +
                $"{text.Length.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        return Convert.FromHexString(text);
    }
}
