using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.LicenseService.Commands;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Tests.Keys;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using StackExchange.Redis;
using Xunit;

namespace ELicense.LicenseService.Tests.Compromise;

/// <summary>
/// A key compromise survived (DESIGN §7), on embedded Garnet and on redis-server: the revoked key
/// stops signing at once, its private key is erased, and every licence it signed from the
/// compromise time is re-issued as the next version, which the holder's wallet and the licence
/// routes serve; the older licences stay valid untouched.
/// </summary>
public abstract class CompromiseRecoveryTests
{
    protected abstract ServiceHost Start();

    [Fact]
    public async Task Revoking_the_active_key_reissues_exactly_what_it_signed_from_the_compromise_time_as_the_next_version()
    {
        using var host = Start();
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        var admin = host.Client(Tokens.Admin());
        await using var verifier = new VerifyingSide(host.Client(null));
        var idNumber = CitizenIdNumber.Complete("320102" + "19900307" + ((Random.Shared.Next(0, 500) * 2) + 1).ToString("000", System.Globalization.CultureInfo.InvariantCulture));
        var before = await IssueAsync(issuer, idNumber, 8);
        // Licence dates are whole seconds: the compromise time is the start of a second after the last "before".
        var compromisedAt = await WholeSeconds.NextAsync();
        var covered = await IssueAsync(issuer, idNumber, 4);
        var stolen = KeyDrillTests.Kid(covered[0].Qr);
        Assert.All(before.Concat(covered), l => Assert.Equal(stolen, KeyDrillTests.Kid(l.Qr)));

        using var revoked = await admin.PostAsJsonAsync($"/api/v1/keys/{stolen}/revoke", new { reason = "演练：签名密钥泄露 drill", compromisedAt });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.False((await Requests.JsonAsync(revoked)).GetProperty("privateKeyHeld").GetBoolean());
        // The revoking replica signs with the fresh key from the answer on.
        var after = (await IssueAsync(issuer, idNumber, 1))[0];
        Assert.NotEqual(stolen, KeyDrillTests.Kid(after.Qr));

        var job = await DoneAsync(admin, stolen, TimeSpan.FromSeconds(60));
        Assert.Equal(4, job.GetProperty("reissued").GetInt64());
        Assert.Equal(8, job.GetProperty("unaffected").GetInt64());
        Assert.Equal(0, job.GetProperty("refused").GetInt64());
        Assert.Equal(0, job.GetProperty("already").GetInt64());

        await verifier.RefreshAsync();
        foreach (var old in covered)
        {
            Assert.Equal(ReasonCode.KeyRevoked, (await verifier.VerifyAsync(old.Qr)).Reasons[0].Code);
            var newest = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/licences/{Uri.EscapeDataString(old.Id)}");
            var next = LicenceIdentifier.Parse(newest.GetProperty("id").GetString()!);
            var was = LicenceIdentifier.Parse(old.Id);
            Assert.Equal((was.TypeCode, was.AuthorityCode, was.Serial, "002"), (next.TypeCode, next.AuthorityCode, next.Serial, next.Version));
            var qr = newest.GetProperty("qr").GetString()!;
            Assert.Equal(KeyDrillTests.Kid(after.Qr), KeyDrillTests.Kid(qr));
            var verdict = await verifier.VerifyAsync(qr);
            Assert.True(verdict.Kind == VerdictKind.Valid, string.Join(", ", verdict.Reasons.Select(r => r.Code)));
            Assert.Equal(Payload(old.Qr).Status, Payload(qr).Status);
            Assert.Equal(Payload(old.Qr).Holder, Payload(qr).Holder);
            Assert.Equal(Payload(old.Qr).ValidUntil, Payload(qr).ValidUntil);
            Assert.Equal(Payload(old.Qr).Fields, Payload(qr).Fields);
            var svg = await admin.GetStringAsync($"/api/v1/licences/{Uri.EscapeDataString(old.Id)}/qr?format=svg");
            Assert.Equal(Rendering.QrMatrix.Create(qr).ToSvg(), svg);
        }

        foreach (var kept in before)
        {
            Assert.Equal(VerdictKind.Valid, (await verifier.VerifyAsync(kept.Qr)).Kind);
            Assert.Equal(kept.Id, (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/licences/{Uri.EscapeDataString(kept.Id)}")).GetProperty("id").GetString());
        }

        // The wallet lists each licence once, in its newest version.
        var listed = (await host.Client(Tokens.Citizen(idNumber)).GetFromJsonAsync<JsonElement>("/api/v1/wallet/licences")).EnumerateArray()
            .Select(l => l.GetProperty("id").GetString()!).ToList();
        Assert.Equal(13, listed.Count);
        Assert.DoesNotContain(listed, covered.Select(c => c.Id).Contains);
        Assert.Equal(8 + 4 + 4 + 1, await host.CountAsync("licence"));

        // The progress as an administrator sees it from the command line.
        var output = new StringWriter();
        var code = await KeyCommand.RunAsync(["reissue-status", stolen, "--url", issuer.BaseAddress!.ToString(), "--token", Tokens.Admin()], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains($"{stolen} [{new string('#', 30)}]", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("re-issued 4", output.ToString(), StringComparison.Ordinal);
        var audit = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/keys/audit")).EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Contains("erased", audit);
        var log = (await host.Store.ListRangeAsync("elicense:320000:audit:{audit-320000}")).Select(a => JsonDocument.Parse((string)a!).RootElement).ToList();
        Assert.Contains(log, a => a.GetProperty("action").GetString() == "reissue-started" && a.GetProperty("subject").GetString() == stolen);
        Assert.Contains(log, a => a.GetProperty("action").GetString() == "reissue-done" && a.GetProperty("detail").GetString()!.StartsWith("4 re-issued", StringComparison.Ordinal));

        // A crash after a page's writes but before its progress was saved: the job is set back to its start and redone.
        RedisKey jobs = "elicense:320000:reissue-jobs:{reissue-320000}";
        var saved = System.Text.Json.Nodes.JsonNode.Parse((string)(await host.Store.HashGetAsync(jobs, stolen))!)!;
        saved["state"] = "running";
        saved["cursor"] = 0;
        saved["hour"] = saved["from"]!.GetValue<DateTimeOffset>().ToUniversalTime().AddTicks(-(saved["from"]!.GetValue<DateTimeOffset>().Ticks % TimeSpan.TicksPerHour));
        foreach (var count in new[] { "examined", "reissued", "already", "unaffected", "refused" })
        {
            saved[count] = 0;
        }

        await host.Store.HashSetAsync(jobs, stolen, saved.ToJsonString());
        var redone = await DoneAsync(admin, stolen, TimeSpan.FromSeconds(60));
        Assert.Equal((0L, 4L), (redone.GetProperty("reissued").GetInt64(), redone.GetProperty("already").GetInt64()));
        Assert.Equal(8 + 4 + 4 + 1, await host.CountAsync("licence"));
    }

    [Fact]
    public async Task A_revocation_on_one_replica_stops_the_other_signing_with_the_key_within_a_second()
    {
        using var first = Start();
        using var second = Second(first);
        var issuer = second.Client(Tokens.IssuerOf("id-card"));
        var idNumber = CitizenIdNumber.Complete("320102" + "19900307" + "123");
        var stolen = KeyDrillTests.Kid((await IssueAsync(issuer, idNumber, 1))[0].Qr);

        using var revoked = await first.Client(Tokens.Admin()).PostAsJsonAsync($"/api/v1/keys/{stolen}/revoke", new { reason = "drill" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var clock = Stopwatch.StartNew();
        while (KeyDrillTests.Kid((await IssueAsync(issuer, idNumber, 1))[0].Qr) == stolen)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "the other replica still signed with the revoked key after a second");
        }
    }

    /// <summary>A second replica on the first one's store.</summary>
    protected abstract ServiceHost Second(ServiceHost first);

    public static async Task<List<(string Id, string Qr)>> IssueAsync(HttpClient issuer, string idNumber, int count)
    {
        var issued = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var request = Requests.For(BaseTypes.IdCard);
            using var response = await Requests.PostAsync(issuer, request with { Holder = request.Holder! with { IdNumber = idNumber } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await Requests.JsonAsync(response);
            issued.Add((body.GetProperty("id").GetString()!, body.GetProperty("qr").GetString()!));
        }

        return issued;
    }

    public static async Task<JsonElement> DoneAsync(HttpClient admin, string kid, TimeSpan limit)
    {
        var job = default(JsonElement);
        await KeyDrillTests.WaitUntil(async () =>
        {
            using var response = await admin.GetAsync($"/api/v1/keys/{kid}/reissue");
            job = response.IsSuccessStatusCode ? await Requests.JsonAsync(response) : default;
            return response.IsSuccessStatusCode && job.GetProperty("state").GetString() == "done";
        }, limit);
        return job;
    }

    private static Core.Encoding.LicencePayload Payload(string qr)
    {
        Assert.True(Core.Encoding.QrPayloadCodec.TryDecode(qr, Core.Encoding.DecodeLimits.Default, out var decoded, out _));
        return decoded!.Payload;
    }
}

public sealed class GarnetCompromiseRecoveryTests : CompromiseRecoveryTests
{
    protected override ServiceHost Start() => new(extra: KeyDrillTests.FastLifecycle);

    protected override ServiceHost Second(ServiceHost first) => first.Replica();
}

public sealed class RedisCompromiseRecoveryTests : CompromiseRecoveryTests, IDisposable
{
    private readonly RedisServer redis = new();

    protected override ServiceHost Start() => new(redis.ConnectionString, extra: KeyDrillTests.FastLifecycle);

    protected override ServiceHost Second(ServiceHost first) => new(redis.ConnectionString);

    public void Dispose() => redis.Dispose();
}
