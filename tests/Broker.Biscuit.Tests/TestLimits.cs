using Broker.Biscuit.Datalog;

namespace Broker.Biscuit.Tests;

/// <summary>Run limits for tests: the machine may be loaded and a first run pays for JIT compilation.</summary>
internal static class TestLimits
{
    public static RunLimits Generous { get; } = new() { MaxTime = TimeSpan.FromSeconds(30) };
}
