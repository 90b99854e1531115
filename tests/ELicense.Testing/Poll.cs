namespace ELicense.Testing;

/// <summary>
/// Waiting for a condition between real processes: checked every interval until a deadline, never a long sleep.
/// The deadline is on the monotonic clock the processes' timers run on, not the wall clock: a virtual machine paused
/// for half a minute moves the wall clock on while no process has run, and a wall-clock deadline then fails a test
/// whose processes had 35.9 s of the 65 s it allowed (seen in a suite run).
/// </summary>
public static class Poll
{
    /// <summary>Returns as soon as <paramref name="condition"/> holds; fails the test with <paramref name="why"/> at the deadline.</summary>
    /// <exception cref="TimeoutException">The deadline passed and the condition still does not hold.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> why, TimeSpan? interval = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= limit)
            {
                throw new TimeoutException(why());
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
