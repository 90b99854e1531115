namespace ELicense.Verifier.Tests.Support;

/// <summary>Waiting for a condition between real processes: checked every interval until a deadline, never a long sleep.</summary>
public static class Poll
{
    /// <summary>Returns as soon as <paramref name="condition"/> holds; fails the test with <paramref name="why"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> why, TimeSpan? interval = null)
    {
        var end = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < end, why());
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
