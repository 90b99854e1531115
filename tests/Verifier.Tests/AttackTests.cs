using System.Diagnostics;
using System.Text.Json;
using ELicense.Core.Identifiers;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using Xunit.Abstractions;

namespace ELicense.Verifier.Tests;

/// <summary>
/// Attacks on a running Verifier with real LicenseService processes behind it (DESIGN §6, §13):
/// forged texts that name another province's status list, floods of forged texts naming lists
/// nobody has, and a province front end that redirects or streams without end. They measure time and
/// memory of real processes, so they run one after the other.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class AttackTests(ITestOutputHelper output)
{
    private const string StatusLists = "/api/v1/status-lists/";
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public async Task Forged_texts_naming_a_list_of_another_province_twenty_a_second_do_not_freeze_a_revocation()
    {
        using var jiangsu = new Province(new Dictionary<string, string> { ["Status:TimeToLive"] = "00:00:10", ["Status:ResignInterval"] = "00:00:00" });
        using var shanghai = new Province(new Dictionary<string, string>
        {
            ["Province:RegionCode"] = "310000",
            ["Province:AuthorityName"] = "上海市政务服务管理办公室",
            ["Province:AuthorityCode"] = UnifiedSocialCreditCode.Complete("11310000MB0000001"),
        });
        await Task.WhenAll(jiangsu.Process.StartAsync(), shanghai.Process.StartAsync());
        using var verifier = await RunningVerifier.StartAsync(jiangsu, [("320000", jiangsu.TrustListUrl), ("310000", shanghai.TrustListUrl)]);
        var qr = await jiangsu.IssueAsync();
        Assert.Equal("320000-0", GarbageQr.PayloadOf(qr).Status.List);
        Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(qr)));

        // Unsigned texts claiming a 上海 issuer but naming 江苏's list: were they to cost a fetch, it would go to
        // 上海 (404) and be remembered under the list's name, hiding 江苏's next list behind it.
        using var stop = new CancellationTokenSource();
        var forged = Task.Run(() => PostForgedAsync(verifier, () => GarbageQr.Make("310101", "320000-0"), TimeSpan.FromMilliseconds(50), stop.Token));
        await jiangsu.RevokeAsync(qr);
        var clock = Stopwatch.StartNew();
        var last = "";
        await Poll.UntilAsync(async () => (last = RunningVerifier.Describe(await verifier.VerifyAsync(qr))) == "INVALID REVOKED",
            TimeSpan.FromSeconds(10 + 5), () => $"the revoked licence still answered {last} {clock.Elapsed.TotalSeconds:F1} s after its revocation", TimeSpan.FromSeconds(1));
        output.WriteLine($"revocation seen after {clock.Elapsed.TotalSeconds:F1} s (status ttl 10 s)");
        await stop.CancelAsync();

        var (sent, notInvalid) = await forged;
        output.WriteLine($"{sent} forged texts posted meanwhile");
        Assert.True(sent >= 20, $"only {sent} forged texts were posted");
        Assert.Empty(notInvalid);
    }

    [Fact]
    public async Task Ten_thousand_forged_texts_naming_ten_thousand_lists_cost_the_province_no_request_and_the_Verifier_no_memory()
    {
        using var jiangsu = new Province();
        await jiangsu.Process.StartAsync();
        await using var front = new FakeProvince(jiangsu.Process.BaseAddress);
        await front.StartAsync();
        // The rate limit is for callers; here one caller is the attacker, and every text must reach the pipeline.
        // The working set measures what is kept only if garbage cannot pile up between collections: the server GC lets its
        // young generation grow to 200 MB per heap before it collects, so this Verifier runs one heap whose young generation
        // is collected every 4 MB (DOTNET_GCgen0MaxBudget is hexadecimal).
        using var verifier = await RunningVerifier.StartAsync(jiangsu, [("320000", front.TrustListUrl)], new Dictionary<string, string>
        {
            ["Verifier:RateLimitPerSecond"] = "1000000", ["Verifier:RateLimitBurst"] = "1000000",
            ["DOTNET_gcServer"] = "0", ["DOTNET_GCgen0MaxBudget"] = "400000",
        });
        var genuine = await jiangsu.IssueAsync();
        Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(genuine)));
        Assert.True(front.Count(StatusLists) > 0, "the genuine licence's status list did not come through the front end");
        var kid = GarbageQr.KidOf(genuine);
        var requestsBefore = front.Count(StatusLists);

        await PostDistinctListsAsync(verifier, 0, 500, kid);
        var warm = verifier.Process.WorkingSet;
        var clock = Stopwatch.StartNew();
        await PostDistinctListsAsync(verifier, 500, 10_000, kid);
        var after = verifier.Process.WorkingSet;

        output.WriteLine($"10,000 forged texts in {clock.Elapsed.TotalSeconds:F1} s; working set {warm / Megabyte} MB after the warm-up, "
            + $"{after / Megabyte} MB after ({(after - warm) / (double)Megabyte:+0.0;-0.0} MB)");
        Assert.Equal(0, front.Count(StatusLists) - requestsBefore);
        Assert.True(after - warm < 20 * Megabyte, $"the working set grew by {(after - warm) / Megabyte} MB");
    }

    [Fact]
    public async Task A_trust_list_answered_by_a_redirect_or_an_endless_chunked_body_is_refused_and_the_list_held_keeps_verifying()
    {
        using var jiangsu = new Province();
        await jiangsu.Process.StartAsync();
        await using var front = new FakeProvince(jiangsu.Process.BaseAddress);
        await front.StartAsync();
        using var verifier = await RunningVerifier.StartAsync(jiangsu, [("320000", front.TrustListUrl)],
            new Dictionary<string, string> { ["Verifier:TrustRefreshInterval"] = "00:00:01" });
        var qr = await jiangsu.IssueAsync();
        Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(qr)));
        var held = (await verifier.TrustListAsync("320000")).GetProperty("sequence").GetInt64();

        // The redirect leads to the genuine list: taking it would look harmless, but a province's URL is configured, not discovered.
        front.Answer = FakeProvince.TrustListAnswer.Redirect;
        await Poll.UntilAsync(async () => LastError(await verifier.TrustListAsync("320000")) is not null,
            TimeSpan.FromSeconds(15), () => "a redirected trust list was taken without an error");
        output.WriteLine("redirect: " + LastError(await verifier.TrustListAsync("320000")));
        Assert.Equal(held, (await verifier.TrustListAsync("320000")).GetProperty("sequence").GetInt64());
        Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(qr)));

        front.Answer = FakeProvince.TrustListAnswer.Forward;
        await Poll.UntilAsync(async () => LastError(await verifier.TrustListAsync("320000")) is null,
            TimeSpan.FromSeconds(15), () => "the genuine list was not fetched again once the redirect stopped");

        var baseline = verifier.Process.WorkingSet;
        var peak = baseline;
        using var stopSampling = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            for (var i = 0; i < 1_200 && !stopSampling.IsCancellationRequested; i++)
            {
                peak = Math.Max(peak, verifier.Process.WorkingSet);
                await Task.Delay(25);
            }
        });
        front.Answer = FakeProvince.TrustListAnswer.Flood;
        string? floodError = null;
        await Poll.UntilAsync(async () => (floodError = LastError(await verifier.TrustListAsync("320000"))) is not null && front.Floods >= 3,
            TimeSpan.FromSeconds(30), () => $"{front.Floods} flood answers, last error {floodError ?? "none"}");
        await stopSampling.CancelAsync();
        await sampling;

        output.WriteLine($"flood ({front.Floods} answers of {FakeProvince.FloodBytes / Megabyte} MB): {LastError(await verifier.TrustListAsync("320000"))}; "
            + $"working set {baseline / Megabyte} MB before, peak {peak / Megabyte} MB");
        Assert.Equal(held, (await verifier.TrustListAsync("320000")).GetProperty("sequence").GetInt64());
        Assert.True(peak - baseline < 50 * Megabyte, $"the working set jumped by {(peak - baseline) / Megabyte} MB during the flood");
        Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(qr)));
    }

    [Fact]
    public async Task The_offline_trust_fetch_refuses_a_redirecting_province_with_one_error_line_and_writes_no_bundle()
    {
        using var jiangsu = new Province();
        await jiangsu.Process.StartAsync();
        await using var front = new FakeProvince(jiangsu.Process.BaseAddress);
        await front.StartAsync();
        var folder = Directory.CreateTempSubdirectory("elicense-bundle-").FullName;
        var cli = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string> { ["Verifier:CacheFolder"] = Path.Combine(folder, "cache") });
        string[] roots = ["--root", Path.Combine(RepositoryPaths.DevCertificates, "dev-root-sm2.crt.pem"), "--root", Path.Combine(RepositoryPaths.DevCertificates, "dev-root-rsa.crt.pem")];
        var bundle = Path.Combine(folder, "trust.zip");

        front.Answer = FakeProvince.TrustListAnswer.Redirect;
        var (code, said) = await cli.RunCommandAsync(["trust", "fetch", "--out", bundle, "--province", "320000=" + front.TrustListUrl, .. roots]);

        output.WriteLine($"exit {code}: {said}");
        Assert.NotEqual(0, code);
        Assert.Single(said.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.False(File.Exists(bundle), "a bundle was written from a redirected trust list");

        // The same front end answering straight is fetched: the refusal above was the redirect's.
        front.Answer = FakeProvince.TrustListAnswer.Forward;
        var straight = await cli.RunCommandAsync(["trust", "fetch", "--out", bundle, "--province", "320000=" + front.TrustListUrl, .. roots]);
        Assert.True(straight.ExitCode == 0, straight.Output);
        Assert.True(File.Exists(bundle));
    }

    private static string? LastError(JsonElement province) =>
        province.TryGetProperty("lastError", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null;

    /// <summary>Posts a forged text every <paramref name="every"/> until stopped (at most two minutes' worth); returns how many and the verdicts that were not INVALID.</summary>
    private static async Task<(int Sent, List<string> NotInvalid)> PostForgedAsync(RunningVerifier verifier, Func<string> make, TimeSpan every, CancellationToken stop)
    {
        var notInvalid = new List<string>();
        var sent = 0;
        var end = DateTime.UtcNow.AddMinutes(2);
        while (!stop.IsCancellationRequested && DateTime.UtcNow < end)
        {
            var verdict = await verifier.VerifyAsync(make());
            sent++;
            if (verdict.GetProperty("verdict").GetString() != "INVALID")
            {
                notInvalid.Add(RunningVerifier.Describe(verdict));
            }

            try
            {
                await Task.Delay(every, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (sent, notInvalid);
    }

    /// <summary>
    /// Posts forged texts numbered <paramref name="from"/> on, each naming its own list 320000-(n+1), sixteen at once;
    /// every other one claims the province's real kid, so the Verifier tries the real key and sees the signature fail.
    /// </summary>
    private static async Task PostDistinctListsAsync(RunningVerifier verifier, int from, int count, byte[] kid)
    {
        var notInvalid = 0;
        await Parallel.ForEachAsync(Enumerable.Range(from, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        {
            var verdict = await verifier.VerifyAsync(GarbageQr.Make("320102", $"320000-{n + 1}", n % 2 == 0 ? kid : null));
            if (verdict.GetProperty("verdict").GetString() != "INVALID")
            {
                Interlocked.Increment(ref notInvalid);
            }
        });
        Assert.Equal(0, notInvalid);
    }
}
