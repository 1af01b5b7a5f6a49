using System.Diagnostics.CodeAnalysis;
using Broker.Gateway.Configuration;
using Broker.Gateway.Http;

namespace Broker.Gateway.Streaming;

/// <summary>
/// Counts this gateway's open <c>/sse</c> streams, in all and per user, and refuses one more past
/// <c>max_streams</c> or <c>max_streams_per_user</c> with a 429. The counts are this gateway's own: a user may
/// hold the per-user number on each gateway of the cluster.
/// </summary>
public sealed partial class StreamLimits(GatewaySettings settings, ILogger<StreamLimits> logger)
{
    /// <summary>
    /// What a refused client is told to wait. Long enough that a reconnect loop does not hammer the gateway;
    /// a slot may well be free sooner.
    /// </summary>
    public const int RetryAfterSeconds = 10;

    private readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _total;

    /// <summary>Streams open right now.</summary>
    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Takes a slot for one more stream of <paramref name="username"/>, or says why not.</summary>
    /// <param name="lease">Dispose it when the stream ends, to free the slot.</param>
    public bool TryOpen(string username, [NotNullWhen(true)] out IDisposable? lease,
        [NotNullWhen(false)] out ApiError? refusal)
    {
        lock (_gate)
        {
            var mine = _perUser.GetValueOrDefault(username);
            if (mine >= settings.MaxStreamsPerUser)
            {
                lease = null;
                refusal = new ApiError(StatusCodes.Status429TooManyRequests,
                    $"too many open event streams for this user on this gateway (at most " +
                    $"{settings.MaxStreamsPerUser}); close one and try again", RetryAfterSeconds);
                LogUserAtLimit(logger, username, settings.MaxStreamsPerUser);
                return false;
            }

            if (_total >= settings.MaxStreams)
            {
                lease = null;
                refusal = new ApiError(StatusCodes.Status429TooManyRequests,
                    $"this gateway serves its maximum of {settings.MaxStreams} event streams; try again later or " +
                    "use another gateway", RetryAfterSeconds);
                LogGatewayFull(logger, settings.MaxStreams);
                return false;
            }

            _perUser[username] = mine + 1;
            _total++;
        }

        lease = new Lease(this, username);
        refusal = null;
        return true;
    }

    private void Release(string username)
    {
        lock (_gate)
        {
            _total--;
            var left = _perUser[username] - 1;
            if (left == 0)
            {
                _perUser.Remove(username);
            }
            else
            {
                _perUser[username] = left;
            }
        }
    }

    [LoggerMessage(EventId = (int)StreamingLogEvent.UserAtStreamLimit, Level = LogLevel.Information,
        Message = "Stream of {Username} refused: the user already has {Limit} open on this gateway")]
    private static partial void LogUserAtLimit(ILogger logger, string username, int limit);

    [LoggerMessage(EventId = (int)StreamingLogEvent.GatewayAtStreamLimit, Level = LogLevel.Warning,
        Message = "Stream refused: this gateway already serves its maximum of {Limit} streams (max_streams)")]
    private static partial void LogGatewayFull(ILogger logger, int limit);

    private sealed class Lease(StreamLimits limits, string username) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limits.Release(username);
            }
        }
    }
}
