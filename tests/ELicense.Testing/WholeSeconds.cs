namespace ELicense.Testing;

/// <summary>Licence, list and presentation dates are whole seconds: tests that need an instant between two licences wait for one.</summary>
public static class WholeSeconds
{
    /// <summary>Waits until just after the start of the next whole second and returns that second.</summary>
    public static async Task<DateTimeOffset> NextAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var next = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
        await Task.Delay(next - now + TimeSpan.FromMilliseconds(20));
        return next;
    }
}
