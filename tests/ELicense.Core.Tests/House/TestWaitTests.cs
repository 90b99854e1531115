using System.Globalization;
using System.Text.RegularExpressions;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.House;

/// <summary>
/// No test sleeps a fixed time over one second: what depends on time runs on a <c>FakeTimeProvider</c>, and a test that waits
/// for real processes polls for its condition with a deadline. Every <c>Task.Delay</c> and <c>Thread.Sleep</c> in the test
/// sources whose duration is written as a literal is read here; one over a second fails with its file and line.
/// </summary>
public sealed partial class TestWaitTests
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);

    [Fact]
    public void No_test_waits_a_fixed_time_over_one_second()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests");
        var found = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && Path.GetFileName(f) != "TestWaitTests.cs")
            .SelectMany(f => LongWaits(File.ReadAllText(f)).Select(w => $"{Path.GetRelativePath(RepositoryPaths.Root, f)}:{w.Line}: {w.Text}"))
            .ToList();

        Assert.True(found.Count == 0, "Fixed waits over one second (poll for the condition with a deadline, or move time with a FakeTimeProvider):\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(61));", true)]
    [InlineData("await Task.Delay(1_500);", true)]
    [InlineData("Thread.Sleep(2000);", true)]
    [InlineData("await Task.Delay(TimeSpan.FromMilliseconds(1001), token);", true)]
    [InlineData("await Task.Delay(TimeSpan.FromMinutes(1));", true)]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1.5));", true)]
    [InlineData("await Task.Delay(1_000);", false)]
    [InlineData("await Task.Delay(TimeSpan.FromMilliseconds(200));", false)]
    [InlineData("await Task.Delay(every, stop);", false)]
    [InlineData("Thread.Sleep(50);", false)]
    public void The_rule_reads_the_durations_written_in_the_ways_the_tests_write_them(string line, bool tooLong) =>
        Assert.Equal(tooLong, LongWaits(line).Any());

    /// <summary>The waits of one source text whose literal duration is over <see cref="Longest"/>.</summary>
    private static IEnumerable<(int Line, string Text)> LongWaits(string source)
    {
        foreach (Match match in Wait().Matches(source))
        {
            var number = double.Parse(match.Groups["n"].Value.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var duration = match.Groups["unit"].Value switch
            {
                "Minutes" => TimeSpan.FromMinutes(number),
                "Seconds" => TimeSpan.FromSeconds(number),
                _ => TimeSpan.FromMilliseconds(number),
            };
            if (duration > Longest)
            {
                yield return (source[..match.Index].Count(c => c == '\n') + 1, match.Value);
            }
        }
    }

    [GeneratedRegex(@"(?:Task\.Delay|Thread\.Sleep)\(\s*(?:TimeSpan\.From(?<unit>Minutes|Seconds|Milliseconds)\(\s*)?(?<n>[0-9][0-9_]*(?:\.[0-9]+)?)\s*\)?")]
    private static partial Regex Wait();
}
