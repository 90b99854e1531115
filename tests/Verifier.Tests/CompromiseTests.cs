using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Status;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using Xunit.Abstractions;

namespace ELicense.Verifier.Tests;

/// <summary>
/// A province revokes its active document-signer key after a compromise (DESIGN §3, §7): what a
/// running Verifier makes of what the key signed — licences and the status lists it holds — and how
/// soon, with real LicenseService and Verifier processes.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class CompromiseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_status_list_signed_by_a_key_revoked_since_whether_held_or_newly_served_never_makes_a_licence_VALID_until_one_signed_by_the_fresh_key_arrives()
    {
        using var jiangsu = new Province(new Dictionary<string, string> { ["Status:TimeToLive"] = "00:00:10", ["Status:ResignInterval"] = "00:00:00" });
        await jiangsu.Process.StartAsync();
        await using var front = new FakeProvince(jiangsu.Process.BaseAddress);
        await front.StartAsync();
        using var verifier = await RunningVerifier.StartAsync(jiangsu, [("320000", front.TrustListUrl)],
            new Dictionary<string, string> { ["Verifier:TrustRefreshInterval"] = "00:00:02" });
        var other = await jiangsu.IssueAsync();
        var licence = await jiangsu.IssueAsync();
        var payload = GarbageQr.PayloadOf(licence);
        Assert.Equal(payload.Status.List, GarbageQr.PayloadOf(other).Status.List);
        var stolen = Convert.ToHexStringLower(GarbageQr.KidOf(licence));
        // A development province signs with the key of certs/dev first: the test holds it as a thief would.
        var thief = ForgedPdf.DevSigner("320000", KeyFamily.Sm2);
        Assert.Equal(stolen, Convert.ToHexStringLower(thief.Kid));

        // The licence predates the compromise; the status list the Verifier is about to fetch (signed on first request) does not.
        var compromisedAt = payload.IssuedAt.AddSeconds(1);
        await Poll.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow >= compromisedAt.AddMilliseconds(200)), TimeSpan.FromSeconds(5), () => "clock");
        Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(licence)));
        using (var anonymous = new HttpClient { BaseAddress = jiangsu.Process.BaseAddress })
        {
            var held = await anonymous.GetByteArrayAsync("/api/v1/status-lists/" + payload.Status.List);
            Assert.True(StatusListTokenCodec.TryDecode(held, 1 << 22, out var message, out var list, out var error), error);
            Assert.Equal(stolen, Convert.ToHexStringLower(message!.Kid));
            Assert.True(list!.IssuedAt >= compromisedAt, $"the status list was signed at {list.IssuedAt:O}, before the compromise time {compromisedAt:O}");
        }

        // From here the thief answers for the province's lists: newer than the one held, signed by the stolen key, every licence valid.
        var now = DateTimeOffset.UtcNow;
        front.StatusListBody = StatusListTokenCodec.Sign(
            new StatusListToken(payload.Status.List, now, now.AddDays(1), TimeSpan.FromSeconds(10), new StatusList(StatusList.MinimumEntries)), thief);
        await RevokeKeyAsync(jiangsu, stolen, compromisedAt);
        var published = await TrustListSequenceAsync(jiangsu);
        await Poll.UntilAsync(async () => (await verifier.TrustListAsync("320000")).GetProperty("sequence").GetInt64() >= published,
            TimeSpan.FromSeconds(20), () => "the Verifier did not take the trust list with the revocation");

        // Longer than the list's ttl, so a Verifier that merely refetches on ttl has had its chance to answer from either list.
        var seen = new List<string>();
        var window = Stopwatch.StartNew();
        while (window.Elapsed < TimeSpan.FromSeconds(13))
        {
            var verdict = RunningVerifier.Describe(await verifier.VerifyAsync(licence));
            seen.Add(verdict);
            Assert.True(verdict is "INDETERMINATE STATUS_UNAVAILABLE" || verdict.StartsWith("INVALID", StringComparison.Ordinal),
                $"{window.Elapsed.TotalSeconds:F1} s after the revocation reached the Verifier the licence answered {verdict}, and only lists signed by the revoked key were to be had");
            await Task.Delay(500);
        }

        output.WriteLine($"while only lists signed by the revoked key were to be had: {string.Join(", ", seen.Distinct())} ({seen.Count} checks)");
        var fresh = await jiangsu.IssueAsync();
        Assert.NotEqual(stolen, Convert.ToHexStringLower(GarbageQr.KidOf(fresh)));
        Assert.Equal(payload.Status.List, GarbageQr.PayloadOf(fresh).Status.List);

        // The province's own answer again; a revocation in the same list makes sure it signs a new one, with the fresh key.
        front.StatusListBody = null;
        await jiangsu.RevokeAsync(other);
        var clock = Stopwatch.StartNew();
        var last = "";
        await Poll.UntilAsync(async () => (last = RunningVerifier.Describe(await verifier.VerifyAsync(licence))) == "VALID",
            TimeSpan.FromSeconds(50), () => $"the licence signed before the compromise still answered {last} {clock.Elapsed.TotalSeconds:F1} s after the province signed a list with the fresh key",
            TimeSpan.FromMilliseconds(500));
        output.WriteLine($"VALID again {clock.Elapsed.TotalSeconds:F1} s after the province's own lists were served again");
        Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(fresh)));
        Assert.Equal("INVALID REVOKED", RunningVerifier.Describe(await verifier.VerifyAsync(other)));
    }

    [Fact]
    public async Task With_default_settings_a_key_revocation_voids_what_the_key_signed_since_its_compromise_within_a_minute_and_the_time_is_reported()
    {
        using var jiangsu = new Province();
        await jiangsu.Process.StartAsync();
        using var verifier = await RunningVerifier.StartAsync(jiangsu, [("320000", jiangsu.TrustListUrl)]);
        var compromisedAt = DateTimeOffset.UtcNow;
        // Licences carry whole seconds: wait past the next one so their iat is at or after the compromise time.
        await Poll.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow >= compromisedAt.AddSeconds(1.1)), TimeSpan.FromSeconds(5), () => "clock", TimeSpan.FromMilliseconds(100));
        List<string> signedSince = [await jiangsu.IssueAsync(), await jiangsu.IssueAsync(), await jiangsu.IssueAsync()];
        foreach (var qr in signedSince)
        {
            Assert.True(GarbageQr.PayloadOf(qr).IssuedAt >= compromisedAt);
            Assert.Equal("VALID", RunningVerifier.Describe(await verifier.VerifyAsync(qr)));
        }

        var stolen = Convert.ToHexStringLower(GarbageQr.KidOf(signedSince[0]));
        Assert.All(signedSince, qr => Assert.Equal(stolen, Convert.ToHexStringLower(GarbageQr.KidOf(qr))));

        await RevokeKeyAsync(jiangsu, stolen, compromisedAt);
        var clock = Stopwatch.StartNew();
        var last = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            last = [.. await Task.WhenAll(signedSince.Select(async qr => RunningVerifier.Describe(await verifier.VerifyAsync(qr))))];
            return last.All(v => v == "INVALID KEY_REVOKED");
        }, TimeSpan.FromSeconds(60 + 5), () => $"{clock.Elapsed.TotalSeconds:F1} s after the revocation: {string.Join(", ", last)}", TimeSpan.FromMilliseconds(250));

        output.WriteLine($"key revocation reached the Verifier (default TrustRefreshInterval) {clock.Elapsed.TotalSeconds:F1} s after the province revoked the key");
    }

    /// <summary>The sequence number of the trust list the province publishes now (its key set's).</summary>
    private static async Task<long> TrustListSequenceAsync(Province province)
    {
        using var admin = new HttpClient { BaseAddress = province.Process.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await province.TokenAsync("admin"));
        return (await admin.GetFromJsonAsync<JsonElement>("/api/v1/keys")).GetProperty("sequence").GetInt64();
    }

    private static async Task RevokeKeyAsync(Province province, string kid, DateTimeOffset compromisedAt)
    {
        using var admin = new HttpClient { BaseAddress = province.Process.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await province.TokenAsync("admin"));
        using var response = await admin.PostAsJsonAsync($"/api/v1/keys/{kid}/revoke", new { reason = "演练：签名密钥泄露 compromise drill", compromisedAt });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
