using Broker.Identity;

namespace Broker.Gateway.Streaming;

public sealed partial class TenantHub
{
    /// <summary>How many ticket calls one credential check keeps in flight at most.</summary>
    public const int CredentialCheckParallelism = 16;

    /// <summary>
    /// Closes every subscriber whose user is gone, revoked, in another tenant or under a newer stamp than the one
    /// its stream opened with. A sign-out normally arrives on the tenant's stream at once, but one published while
    /// this hub was still subscribing, or while a connection stood between its authentication and joining the hub,
    /// reaches nobody: this check bounds how long such a stream stays open. It asks once per distinct user,
    /// however many connections that user has here.
    /// </summary>
    private async Task CheckCredentialsAsync()
    {
        var byUser = Volatile.Read(ref _subscribers)
            .ToLookup(subscriber => subscriber.Username, StringComparer.Ordinal);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = CredentialCheckParallelism,
            CancellationToken = _stop.Token,
        };
        var failures = 0;
        var failure = string.Empty;
        try
        {
            await Parallel.ForEachAsync(byUser, options, async (subscribers, cancellation) =>
            {
                UserTicket? ticket;
                try
                {
                    ticket = await _tickets.GetTicketAsync(subscribers.Key).WaitAsync(cancellation);
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested)
                {
                    // An unreachable cluster says nothing about the credentials: the streams stay open and the next
                    // check asks again.
                    Interlocked.Increment(ref failures);
                    failure = e.GetType().Name;
                    return;
                }

                CloseStale(subscribers, ticket);
            });
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The hub is stopping; its subscribers are leaving anyway.
            return;
        }
        catch (Exception e)
        {
            // The periodic checks must go on whatever one of them met.
            LogHubError(_logger, Tenant, e.GetType().Name);
        }

        if (failures > 0)
        {
            LogCredentialCheckFailed(_logger, Tenant, failures, failure);
        }

        Interlocked.Increment(ref _credentialChecks);
    }

    private void CloseStale(IGrouping<string, ITenantSubscriber> subscribers, UserTicket? ticket)
    {
        var closed = 0;
        foreach (var subscriber in subscribers)
        {
            // Counted only when this check closed it, so a stream that lingers until its client leaves is told once.
            if ((ticket is not { Revoked: false } || ticket.TenantName != Tenant || ticket.Stamp != subscriber.Stamp) &&
                subscriber.Close(CloseReason.SignedOut))
            {
                closed++;
            }
        }

        if (closed > 0)
        {
            LogSignedOutByCheck(_logger, Tenant, subscribers.Key, closed);
        }
    }
}
