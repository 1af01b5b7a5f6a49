using System.Security.Cryptography.X509Certificates;
using Broker.Gateway.Configuration;
using Broker.Gateway.Http;

namespace Broker.Gateway.Hosting;

/// <summary>One listener on every address at <c>port</c>; HTTPS from PEM files when <c>ssl</c> is on.</summary>
public static class KestrelSetup
{
    public static IWebHostBuilder UseBrokerKestrel(this IWebHostBuilder webHost, GatewaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return webHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBodyReader.ReadBound(settings.MaxBodyBytes);
            kestrel.ListenAnyIP(settings.Port, listen =>
            {
                if (settings.Ssl)
                {
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(settings.Certs!, settings.KeyPath));
                }
            });
        });
    }
}
