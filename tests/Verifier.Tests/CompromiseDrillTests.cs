using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using Xunit.Abstractions;

namespace ELicense.Verifier.Tests;

/// <summary>
/// The compromise drill of DESIGN §7 with real processes: a province (embedded Garnet, or
/// redis-server) issues 1,000 licences; its active key is revoked with a compromise time covering the
/// last 400; the service is killed in the middle of the re-issue and started again. A Verifier with
/// default settings answers, within 60 s of the revocation and from then on without one
/// INDETERMINATE: KEY_REVOKED for the 400 old versions, VALID for their re-issued versions (found
/// through the holders' wallets), for the other 600 and for a licence issued after the revocation.
/// </summary>
[Collection(CompromiseDrillCollection.Name)]
public sealed partial class CompromiseDrillTests(ITestOutputHelper output)
{
    private const int Citizens = 10;

    [Theory]
    [InlineData("garnet")]
    [InlineData("redis")]
    public async Task A_compromise_of_the_active_key_is_survived_by_the_whole_province(string store)
    {
        using var redis = store == "redis" ? new RedisServer() : null;
        var settings = new Dictionary<string, string> { ["Keys:ReissuePerSecond"] = "100", ["Keys:ReissuePageSize"] = "10" };
        if (redis is not null)
        {
            settings["Storage:ConnectionString"] = redis.ConnectionString;
        }

        using var province = new Province(settings);
        await province.Process.StartAsync();
        using var verifier = await RunningVerifier.StartAsync(province, [("320000", province.TrustListUrl)]);
        using var client = new HttpClient { BaseAddress = province.Process.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var issuer = await province.TokenAsync("issuer", "id-card");
        var admin = await province.TokenAsync("admin");
        var holders = Enumerable.Range(0, Citizens).Select(i => CitizenIdNumber.Complete("320102" + "19900307" + ((i * 2) + 101).ToString("000", System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var kept = await IssueAsync(client, issuer, holders, 600);
        var compromisedAt = await WholeSeconds.NextAsync();
        var covered = await IssueAsync(client, issuer, holders, 400);
        var stolen = Convert.ToHexStringLower(GarbageQr.KidOf(covered[0].Qr));
        foreach (var sample in new[] { kept[0], covered[^1] })
        {
            Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(sample.Qr)));
        }

        var revokedAt = Stopwatch.StartNew();
        using (var revoke = await Send(client, admin, HttpMethod.Post, $"/api/v1/keys/{stolen}/revoke", new { reason = "演练：签名密钥泄露 drill", compromisedAt }))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var after = (await IssueAsync(client, issuer, holders, 1))[0];
        Assert.NotEqual(stolen, Convert.ToHexStringLower(GarbageQr.KidOf(after.Qr)));

        // The progress shows in the command line while the job runs; the service is killed right then and started again.
        // The job is watched through the API (a command run is a process start); the command is run once it is under way.
        string progress = "";
        await Poll.UntilAsync(async () => await JobAsync(client, admin, stolen) is { } job && job.GetProperty("state").GetString() == "running"
            && job.GetProperty("examined").GetInt64() > 0, TimeSpan.FromSeconds(60), () => "the re-issue job did not start", TimeSpan.FromMilliseconds(100));
        await Poll.UntilAsync(async () =>
        {
            var (code, said) = await province.Process.RunCommandAsync("keys", "reissue-status", stolen, "--url", province.Process.BaseAddress.ToString(), "--token", admin);
            progress = said;
            return code == 4 && RunningBar().IsMatch(said);
        }, TimeSpan.FromSeconds(60), () => "no running progress seen: " + progress, TimeSpan.FromMilliseconds(100));
        output.WriteLine($"{revokedAt.Elapsed.TotalSeconds:0.0} s: {progress.Trim()}");
        province.Process.Stop();
        await province.Process.StartAsync();
        await Poll.UntilAsync(async () => (await JobAsync(client, admin, stolen))?.GetProperty("state").GetString() == "done",
            TimeSpan.FromSeconds(60), () => "the job did not finish after the restart", TimeSpan.FromMilliseconds(250));
        var (finished, finalWords) = await province.Process.RunCommandAsync("keys", "reissue-status", stolen, "--url", province.Process.BaseAddress.ToString(), "--token", admin);
        progress = finalWords;
        Assert.True(finished == 0, "the command did not report the finished job: " + finalWords);
        output.WriteLine($"{revokedAt.Elapsed.TotalSeconds:0.0} s: {progress.Trim()}");

        // Exactly once: each old version leads to .002, none to .003, and every wallet lists every licence once.
        var reissued = new List<(string Id, string Qr)>();
        foreach (var old in covered)
        {
            var newest = await ReadAsync(client, admin, old.Id);
            var id = LicenceIdentifier.Parse(newest.GetProperty("id").GetString()!);
            Assert.Equal("002", id.Version);
            var third = LicenceIdentifier.Create(id.TypeCode, id.AuthorityCode, id.Serial, 3).ToString();
            using var none = await Send(client, admin, HttpMethod.Get, "/api/v1/licences/" + Uri.EscapeDataString(third), null);
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            reissued.Add((id.ToString(), newest.GetProperty("qr").GetString()!));
        }

        var listed = new List<string>();
        foreach (var holder in holders)
        {
            listed.AddRange((await WalletAsync(province, client, holder)).EnumerateArray().Select(l => l.GetProperty("id").GetString()!));
        }

        Assert.Equal(1_001, listed.Count);
        Assert.Equal(1_001, listed.Distinct().Count());
        Assert.Empty(listed.Intersect(covered.Select(c => c.Id)));
        Assert.Empty(reissued.Select(r => r.Id).Except(listed));

        // Within 60 s of the revocation every answer is the final one, and stays so: no INDETERMINATE after the first minute.
        var expected = covered.Select(c => (c.Qr, "INVALID KEY_REVOKED"))
            .Concat(reissued.Concat(kept).Append(after).Select(l => (l.Qr, "VALID"))).ToList();
        // Until the minute is up, a probe of each kind shows when the answers became final (nothing is judged yet). From the
        // minute on every answer must be final: the whole province is swept at its start and again at 75 s, and in between
        // a slice of 50 in turn every 250 ms, so each licence is asked about several times more.
        var probe = new[] { expected[0], expected[covered.Count - 1], expected[covered.Count], expected[covered.Count + reissued.Count], expected[^1] };
        var wrong = new List<string>();
        TimeSpan? finalAt = null;
        while (revokedAt.Elapsed < TimeSpan.FromSeconds(60))
        {
            finalAt ??= (await SweepAsync(verifier, probe)).Count == 0 ? revokedAt.Elapsed : null;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        output.WriteLine(finalAt is { } final ? $"{final.TotalSeconds:0.0} s: the probe is final" : "the probe was not final before the minute");
        var next = 0;
        foreach (var end in new[] { TimeSpan.FromSeconds(75), TimeSpan.Zero })
        {
            var sweep = await SweepAsync(verifier, expected);
            wrong.AddRange(sweep.Select(w => $"{revokedAt.Elapsed.TotalSeconds:0.0} s: {w}"));
            output.WriteLine($"{revokedAt.Elapsed.TotalSeconds:0.0} s: sweep of {expected.Count}, {sweep.Count} not final");
            while (revokedAt.Elapsed < end)
            {
                var slice = Enumerable.Range(next, 50).Select(i => expected[i % expected.Count]).ToList();
                next += slice.Count;
                wrong.AddRange((await SweepAsync(verifier, slice)).Select(w => $"{revokedAt.Elapsed.TotalSeconds:0.0} s: {w}"));
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }

        output.WriteLine($"{next} answers checked between the sweeps");

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(20)));
    }

    /// <summary>Every answer that is not the expected one, as "expected ≠ answer" lines.</summary>
    private static async Task<List<string>> SweepAsync(RunningVerifier verifier, IReadOnlyList<(string Qr, string Expected)> expected)
    {
        var wrong = new List<string>();
        foreach (var (qr, want) in expected)
        {
            var said = RunningVerifier.Describe(await verifier.VerifyAsync(qr));
            if (!said.StartsWith(want, StringComparison.Ordinal))
            {
                wrong.Add($"{want} ≠ {said}");
            }
        }

        return wrong;
    }

    /// <summary>Issues ID cards in one batch, the holders taking turns.</summary>
    private static async Task<List<(string Id, string Qr)>> IssueAsync(HttpClient client, string token, List<string> holders, int count)
    {
        var lines = new StringBuilder();
        var sample = Some.Licence(BaseTypes.IdCard);
        for (var i = 0; i < count; i++)
        {
            lines.AppendLine(JsonSerializer.Serialize(new
            {
                type = "id-card",
                holder = new { name = sample.Holder.Name, idNumber = holders[i % holders.Count] },
                fields = sample.Fields,
                validUntil = DateTimeOffset.UtcNow.AddYears(10),
            }));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/licences:batch") { Content = new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var issued = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(issued, l => Assert.Equal("issued", l.GetProperty("status").GetString()));
        return [.. issued.Select(l => (l.GetProperty("id").GetString()!, l.GetProperty("qr").GetString()!))];
    }

    /// <summary>The re-issue job of a key as the API shows it; null while there is none (or the service is starting).</summary>
    private static async Task<JsonElement?> JobAsync(HttpClient client, string token, string kid)
    {
        try
        {
            using var response = await Send(client, token, HttpMethod.Get, $"/api/v1/keys/{kid}/reissue", null);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string token, string id)
    {
        using var response = await Send(client, token, HttpMethod.Get, "/api/v1/licences/" + Uri.EscapeDataString(id), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<JsonElement> WalletAsync(Province province, HttpClient client, string holder)
    {
        var (_, token) = await province.Process.RunCommandAsync("token", "--sub", holder, "--role", "citizen");
        using var response = await Send(client, token.Trim(), HttpMethod.Get, "/api/v1/wallet/licences", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string token, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    [GeneratedRegex(@"\[#+-+\] [1-9]\d*/\d+")]
    private static partial Regex RunningBar();
}
