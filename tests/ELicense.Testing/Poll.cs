namespace ELicense.Testing;

/// <summary>Waiting for a condition between real processes: checked every interval until a deadline, never a long sleep.</summary>
public static class Poll
{
    /// <summary>Returns as soon as <paramref name="condition"/> holds; fails the test with <paramref name="why"/> at the deadline.</summary>
    /// <exception cref="TimeoutException">The deadline passed and the condition still does not hold.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> why, TimeSpan? interval = null)
    {
        var end = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow >= end)
            {
                throw new TimeoutException(why());
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
