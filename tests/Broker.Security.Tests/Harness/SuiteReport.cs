using Broker.Testing;

namespace Broker.Security.Harness;

/// <summary>
/// Counts what the suite tried: every HTTP request sent, every attack (a hostile input or scenario whose refusal
/// is asserted) and every attack that got through. After each attack the totals so far are written to
/// <see cref="SummaryFile"/> as one plain line, which <c>test.sh</c> prints after the run.
/// </summary>
public static class SuiteReport
{
    private static readonly Lock Gate = new();
    private static long _requests;
    private static long _attacks;
    private static long _failures;
    private static bool _started;

    /// <summary>Where the closing line goes; test.sh clears the folder before a run.</summary>
    public static string SummaryFile { get; } =
        Path.Combine(RepositoryPaths.Root, ".run", "test", "results", "security-summary.txt");

    public static long Requests => Interlocked.Read(ref _requests);

    public static long Attacks => Interlocked.Read(ref _attacks);

    public static long Failures => Interlocked.Read(ref _failures);

    /// <summary>The totals as test.sh shows them.</summary>
    public static string Line =>
        $"Security suite: {Requests} requests, {Attacks} attacks tried, {Failures} failures";

    public static void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Runs one attack: its assertions must hold, or it counts as a failure and the test fails.</summary>
    public static async Task AttackAsync(Func<Task> attack)
    {
        ArgumentNullException.ThrowIfNull(attack);
        Interlocked.Increment(ref _attacks);
        try
        {
            await attack();
        }
        catch
        {
            Interlocked.Increment(ref _failures);
            throw;
        }
        finally
        {
            Write();
        }
    }

    /// <summary>Runs one attack whose assertions need no waiting.</summary>
    public static void Attack(Action attack)
    {
        ArgumentNullException.ThrowIfNull(attack);
        AttackAsync(() =>
        {
            attack();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    /// <summary>Counts <paramref name="count"/> attacks whose outcome the caller already asserted.</summary>
    public static void CountRepelled(int count)
    {
        Interlocked.Add(ref _attacks, count);
        Write();
    }

    private static void Write()
    {
        lock (Gate)
        {
            if (!_started)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(SummaryFile)!);
                _started = true;
            }

            File.WriteAllText(SummaryFile, Line + "\n");
        }
    }
}
