namespace Broker.Biscuit.Datalog;

/// <summary>
/// Bounds on one authorization, so that a token cannot make the authorizer work without end. Exceeding any
/// of them fails the authorization.
/// </summary>
public sealed record RunLimits
{
    /// <summary>The most facts the world may hold (default 1000).</summary>
    public int MaxFacts { get; init; } = 1000;

    /// <summary>The most rounds of rule application (default 100).</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// The longest an authorization may run (default 1 s). A typical run takes well under a millisecond,
    /// but the first one in a process also pays for JIT compilation, and a loaded machine is slower: the
    /// fact and iteration limits bound the work, this one bounds the wall time.
    /// </summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>Which limit an authorization exceeded.</summary>
public enum RunLimit
{
    /// <summary><see cref="RunLimits.MaxFacts"/>.</summary>
    TooManyFacts,

    /// <summary><see cref="RunLimits.MaxIterations"/>.</summary>
    TooManyIterations,

    /// <summary><see cref="RunLimits.MaxTime"/>.</summary>
    Timeout,
}

/// <summary>Thrown inside the engine when a limit is exceeded; the authorizer reports it as a result.</summary>
internal sealed class RunLimitException(RunLimit limit) : Exception("Run limit exceeded: " + limit)
{
    public RunLimit Limit { get; } = limit;
}
