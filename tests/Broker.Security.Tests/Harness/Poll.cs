namespace Broker.Security.Harness;

/// <summary>
/// Repeats a step until it reports done. Unlike a wait that retries on errors, an assertion that fails inside
/// the step fails the test at once: the steps here change state (each guess counts), so a retry would hide it.
/// </summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> step, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(step);
        var deadline = DateTime.UtcNow + timeout;
        while (!await step())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
