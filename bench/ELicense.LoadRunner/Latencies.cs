using System.Globalization;

namespace ELicense.LoadRunner;

/// <summary>Latencies of one scenario and what to print of them.</summary>
public sealed class Latencies
{
    private readonly List<double> milliseconds = [];
    private readonly Lock gate = new();

    public void Add(TimeSpan elapsed)
    {
        lock (gate)
        {
            milliseconds.Add(elapsed.TotalMilliseconds);
        }
    }

    public double Percentile(double p)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
    }

    public string Summary(TimeSpan wall) => string.Create(CultureInfo.InvariantCulture,
        $"n={milliseconds.Count} rate={milliseconds.Count / wall.TotalSeconds:F0}/s p50={Percentile(50):F1} ms p99={Percentile(99):F1} ms max={milliseconds.Max():F1} ms");
}
