namespace Broker.Gateway.Streaming;

public sealed partial class TenantHub
{
    /// <summary>How many subscribers one batch of keep-alives reaches before a pause.</summary>
    public const int HeartbeatBatch = 256;

    /// <summary>The pause between two batches of keep-alives: 10,000 connections take under a second.</summary>
    public static readonly TimeSpan HeartbeatPause = TimeSpan.FromMilliseconds(20);

    private async Task PostChecksAsync()
    {
        using var timer = new PeriodicTimer(_checkInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                _inbox.Writer.TryWrite(Signal.Check);

                // Expiry is also looked at here, so that a long heartbeat interval does not leave an expired JWT's
                // stream open for long.
                CloseExpired();

                // Here rather than in the loop that forwards events, which must not wait on one grain call per user.
                await CheckCredentialsAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The hub is stopping.
        }
    }

    /// <summary>
    /// One timer for every connection of the tenant, rather than one per connection: keep-alives need no
    /// precision, and an idle connection then costs only its queue. They go out in batches a moment apart: each
    /// connection borrows a 4 KB block of Kestrel's memory pool while its keep-alive is sent, and ten thousand at
    /// once would grow the pool by 40 MB, which it keeps long after.
    /// </summary>
    private async Task SendHeartbeatsAsync()
    {
        using var timer = new PeriodicTimer(_heartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = _time.GetUtcNow();
                var subscribers = Volatile.Read(ref _subscribers);
                for (var i = 0; i < subscribers.Length; i++)
                {
                    if (i > 0 && i % HeartbeatBatch == 0)
                    {
                        await Task.Delay(HeartbeatPause, _time, _stop.Token);
                    }

                    // A full queue needs no keep-alive: the client is already far behind and about to be closed.
                    if (!CloseIfExpired(subscribers[i], now))
                    {
                        subscribers[i].Offer(OutgoingFrame.Heartbeat);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The hub is stopping.
        }
    }

    private void CloseExpired()
    {
        var now = _time.GetUtcNow();
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            CloseIfExpired(subscriber, now);
        }
    }

    /// <summary>Ends the stream if its JWT has expired; the client then reconnects and gets 401.</summary>
    private static bool CloseIfExpired(ITenantSubscriber subscriber, DateTimeOffset now)
    {
        if (subscriber.ExpiresAt is not { } expiresAt || expiresAt > now)
        {
            return false;
        }

        subscriber.Close(CloseReason.CredentialsExpired);
        return true;
    }
}
