namespace Broker.Gateway.Tests.Streaming;

/// <summary>Waits for a condition that background work makes true, with a generous time-out.</summary>
internal static class Waiting
{
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(5);
        }
    }
}
