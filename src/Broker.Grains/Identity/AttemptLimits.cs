namespace Broker.Identity;

/// <summary>
/// Per-user limits on failed logins, Basic passwords, TOTP codes and reset codes: five attempts are checked
/// freely; the fifth failure in a row locks the user out for 1 s, and every failure after a lockout ends locks
/// them out for twice as long as the one before (2 s, 4 s, ...), up to 15 minutes. While locked out nothing is
/// checked or counted. A success clears the count. Kept in grain state, so it holds across the whole cluster
/// and across restarts.
/// </summary>
public static class AttemptLimits
{
    public const int FreeFailures = 5;

    public static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    /// <summary>Whole seconds until the user may try again, or 0 when not locked out.</summary>
    public static int RetryAfterSeconds(UserState state, DateTimeOffset now)
    {
        var left = state.LockedUntil - now;
        return left > TimeSpan.Zero ? (int)Math.Ceiling(left.TotalSeconds) : 0;
    }

    /// <summary>Counts a failure and starts a lockout once the free failures are used up.</summary>
    public static void RecordFailure(UserState state, DateTimeOffset now)
    {
        state.FailedAttempts++;
        var beyond = state.FailedAttempts - FreeFailures;
        if (beyond >= 0)
        {
            // Past 2^10 s the cap applies anyway; stopping the shift there keeps it from overflowing.
            var seconds = Math.Min(1L << Math.Min(beyond, 10), (long)MaxLockout.TotalSeconds);
            state.LockedUntil = now + TimeSpan.FromSeconds(seconds);
        }
    }

    /// <summary>True when there was anything to clear, i.e. the state changed.</summary>
    public static bool RecordSuccess(UserState state)
    {
        if (state.FailedAttempts == 0 && state.LockedUntil == default)
        {
            return false;
        }

        state.FailedAttempts = 0;
        state.LockedUntil = default;
        return true;
    }

    public static Failure TooMany(int retryAfterSeconds) =>
        new(FailureKind.TooManyAttempts, "too many failed attempts; try again later", retryAfterSeconds);
}
