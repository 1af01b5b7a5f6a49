namespace Broker.Gateway.Streaming;

/// <summary>Why a stream was ended by the gateway.</summary>
public enum CloseReason
{
    /// <summary>The user was revoked, changed password or moved tenant.</summary>
    SignedOut,

    /// <summary>The JWT the stream was opened with expired.</summary>
    CredentialsExpired,

    /// <summary>The client did not read fast enough; it reconnects with <c>Last-Event-ID</c>.</summary>
    TooSlow,

    /// <summary>The gateway is shutting down; the client reconnects to another one with <c>Last-Event-ID</c>.</summary>
    GatewayStopping,
}

/// <summary>One local listener of a tenant hub: an open <c>/sse</c> connection.</summary>
public interface ITenantSubscriber
{
    string Username { get; }

    /// <summary>The user's stamp when the stream's credentials were accepted.</summary>
    string Stamp { get; }

    /// <summary>When the stream's credentials expire (its JWT's <c>exp</c>); null when they do not.</summary>
    DateTimeOffset? ExpiresAt { get; }

    /// <summary>Queues a frame without waiting. False when the subscriber's queue is full.</summary>
    bool Offer(OutgoingFrame frame);

    /// <summary>Ends the subscriber's stream; safe to call from any thread, more than once.</summary>
    /// <returns>True for the call that closed it; false when it was closed already.</returns>
    bool Close(CloseReason reason);
}
