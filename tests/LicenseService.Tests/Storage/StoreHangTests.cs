using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests.Storage;

/// <summary>
/// A store that hangs (redis-server frozen with SIGSTOP: connected, answering nothing) under a streaming batch:
/// the stream ends with its <c>aborted</c> line saying which lines are stored, not cut mid-way, and a rerun after
/// the store comes back issues every line exactly once.
/// </summary>
public sealed class StoreHangTests
{
    [Fact]
    public async Task A_hung_store_ends_the_batch_with_a_truthful_aborted_line_and_the_rerun_issues_each_line_once()
    {
        using var redis = new RedisServer();
        using var host = new ServiceHost(redis.ConnectionString, extra: new Dictionary<string, string?> { ["Storage:CommandTimeoutMilliseconds"] = "2000" });
        const int count = 4_000;
        var lines = Enumerable.Range(0, count).Select(i => Requests.Line(Citizens.IdCard(i))).ToList();
        var token = Tokens.IssuerOf("id-card");
        var key = "hang-" + Guid.NewGuid();
        IEnumerable<string> Freezing()
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (i == 1_500)
                {
                    redis.Pause();
                }

                yield return lines[i];
            }
        }

        List<System.Text.Json.JsonElement> first;
        try
        {
            first = (await CurlBatch.RunAsync(host.Client(null).BaseAddress!, token, key, Freezing())).Results;
        }
        finally
        {
            redis.Resume();
        }

        Assert.True(first.Count > 0, "the stream ended without a line");
        var aborted = first[^1];
        Assert.True(aborted.GetProperty("status").GetString() == "aborted", $"{first.Count} lines; the last: {aborted}");
        var message = aborted.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Matches(@"^The store failed\. Lines before \d+ are answered above\. Of lines \d+–\d+, which were being stored: stored .+; not stored .+\. No line after \d+ was issued\.", message);
        Assert.All(first.SkipLast(1), r => Assert.True(r.GetProperty("status").GetString() == "issued", r.ToString()));

        var rerun = (await CurlBatch.RunAsync(host.Client(null).BaseAddress!, token, key, lines)).Results;
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), rerun.Select(r => r.GetProperty("line").GetInt64()).Order());
        // Replayed are the lines answered before and those the aborted line called stored, and of those it could not tell, only some.
        var answered = first.SkipLast(1).Select(r => r.GetProperty("line").GetInt64()).ToHashSet();
        var stored = Lines(System.Text.RegularExpressions.Regex.Match(message, "stored (.+?); not stored").Groups[1].Value);
        var unknown = Lines(System.Text.RegularExpressions.Regex.Match(message, "; not known (.+?)\\. No line").Groups[1].Value);
        var replayed = rerun.Where(r => r.GetProperty("status").GetString() == "replayed").Select(r => r.GetProperty("line").GetInt64()).ToHashSet();
        Assert.Subset(answered.Concat(stored).Concat(unknown).ToHashSet(), replayed);
        Assert.Superset(answered.Concat(stored).ToHashSet(), replayed);
        Assert.Equal(count, await host.CountAsync("licence"));
    }

    /// <summary>The lines of "1–3, 7" (or "none").</summary>
    private static IEnumerable<long> Lines(string ranges) => ranges is "none" or ""
        ? []
        : ranges.Split(", ").SelectMany(r => r.Split('–') is [var a, var b] ? Enumerable.Range(int.Parse(a), int.Parse(b) - int.Parse(a) + 1).Select(i => (long)i) : [long.Parse(r)]);
}
