using System.Net;
using System.Net.Sockets;

namespace Broker.Testing;

/// <summary>Hands out loopback ports that nothing listens on right now.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A loopback port that is free now and lies below the kernel's ephemeral range, where <see cref="Next"/>'s
    /// ports come from. For a server that is stopped and started again on the same port: while it is down,
    /// another test's <see cref="Next"/> cannot be handed its port.
    /// </summary>
    public static int NextStable()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException("No free loopback port between 20000 and 32000.");
    }
}
