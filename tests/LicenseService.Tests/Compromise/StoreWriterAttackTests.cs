using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.LicenseService.Tests.Keys;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using StackExchange.Redis;
using Xunit;

namespace ELicense.LicenseService.Tests.Compromise;

/// <summary>
/// An attacker who can write to the store — with no private key, or with the stolen key — tries to
/// make the service sign for her: plant a key record, un-revoke the stolen key, plant licences for
/// the re-issue job, plant jobs and links, damage records so that the service stops.
/// </summary>
public sealed class StoreWriterAttackTests
{
    private const string Keys = "elicense:320000:keys:{keys-320000}";
    private const string Jobs = "elicense:320000:reissue-jobs:{reissue-320000}";

    [Fact]
    public async Task A_licence_signed_by_the_stolen_key_and_planted_in_the_store_is_not_laundered_by_the_reissue()
    {
        using var host = new ServiceHost(extra: KeyDrillTests.FastLifecycle);
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        var admin = host.Client(Tokens.Admin());
        var idNumber = CitizenIdNumber.Complete("320102" + "19900307" + "345");
        var compromisedAt = await WholeSeconds.NextAsync();
        var genuine = (await CompromiseRecoveryTests.IssueAsync(issuer, idNumber, 1))[0];
        var stolen = KeyDrillTests.Kid(genuine.Qr);
        // The thief holds the key of certs/dev (the first key a development service signs with) and writes to the store.
        var thief = SignedForge.DevSigner("320000", KeyFamily.Sm2);
        Assert.Equal(stolen, Convert.ToHexStringLower(thief.Kid));
        var record = await host.RecordAsync(genuine.Id);
        Assert.True(QrPayloadCodec.TryDecode(genuine.Qr, DecodeLimits.Default, out var decoded, out _));
        var id = LicenceIdentifier.Parse(genuine.Id);
        var forgedId = LicenceIdentifier.Create(id.TypeCode, id.AuthorityCode, "FORGED" + id.Serial[6..]).ToString();
        var forged = QrPayloadCodec.Encode(decoded!.Payload with { Identifier = forgedId, Holder = decoded.Payload.Holder with { Name = "马洛里" } }, thief);
        // Sealed as the service seals records (the thief holds the record data key too): only the KEK's seal over the record tells it apart.
        await host.WriteRecordAsync(record with { Id = forgedId, Qr = forged });
        await host.Store.SetAddAsync($"elicense:320000:signed:{{{stolen}:{compromisedAt.UtcDateTime:yyyyMMddHH}}}", forgedId);

        using var revoked = await admin.PostAsJsonAsync($"/api/v1/keys/{stolen}/revoke", new { reason = "drill", compromisedAt });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var job = await CompromiseRecoveryTests.DoneAsync(admin, stolen, TimeSpan.FromSeconds(60));

        Assert.Equal((1L, 1L), (job.GetProperty("reissued").GetInt64(), job.GetProperty("refused").GetInt64()));
        var next = LicenceIdentifier.Create(id.TypeCode, id.AuthorityCode, "FORGED" + id.Serial[6..], 2).ToString();
        Assert.False(await host.Store.KeyExistsAsync($"elicense:320000:licence:{{{next}}}"));
    }

    [Fact]
    public async Task Key_records_edited_or_planted_in_the_store_change_nothing_the_service_publishes_or_signs()
    {
        using var host = new ServiceHost(extra: KeyDrillTests.FastLifecycle);
        var admin = host.Client(Tokens.Admin());
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        await using var verifier = new VerifyingSide(host.Client(null));
        var idNumber = CitizenIdNumber.Complete("320102" + "19900307" + "347");
        var old = (await CompromiseRecoveryTests.IssueAsync(issuer, idNumber, 1))[0];
        var stolen = KeyDrillTests.Kid(old.Qr);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/keys/{stolen}/revoke", new { reason = "drill" })).StatusCode);

        // Un-revoke the stolen key; plant an outside certificate as a retired key.
        var record = JsonNode.Parse((string)(await host.Store.HashGetAsync(Keys, stolen))!)!;
        record["state"] = "Retired";
        record["retiredAt"] = DateTimeOffset.UtcNow.AddYears(5);
        record["compromisedAt"] = null;
        record["revokedAt"] = null;
        await host.Store.HashSetAsync(Keys, stolen, record.ToJsonString());
        var outside = TestPki.Untrusted.SignerFor("320000");
        var planted = record.DeepClone();
        planted["kid"] = Convert.ToHexStringLower(outside.Kid);
        planted["certificate"] = Convert.ToBase64String(outside.Certificate);
        planted["seal"] = null;
        await host.Store.HashSetAsync(Keys, Convert.ToHexStringLower(outside.Kid), planted.ToJsonString());
        await host.Store.StringIncrementAsync("elicense:320000:keys-sequence:{keys-320000}");
        await host.Store.HashSetAsync(Jobs, "junk", "not json");

        // A licence of the wallet's holder re-signed with the outside key asks for a presentation and a PDF.
        var fresh = (await CompromiseRecoveryTests.IssueAsync(issuer, idNumber, 1))[0];
        Assert.True(QrPayloadCodec.TryDecode(fresh.Qr, DecodeLimits.Default, out var decoded, out _));
        var stored = await host.RecordAsync(fresh.Id);
        await host.WriteRecordAsync(stored with { Qr = QrPayloadCodec.Encode(decoded!.Payload with { Holder = decoded.Payload.Holder with { Name = "王五" } }, outside) });
        using var presented = await host.Client(Tokens.Citizen(idNumber)).PostAsync($"/api/v1/wallet/licences/{Uri.EscapeDataString(fresh.Id)}/presentations", null);
        Assert.Equal(HttpStatusCode.Conflict, presented.StatusCode);

        // The edited record is ignored: the stolen key is never published as anything but revoked, so its licences stay INVALID.
        await verifier.RefreshAsync();
        var verdict = await verifier.VerifyAsync(old.Qr);
        Assert.Equal(VerdictKind.Invalid, verdict.Kind);
        Assert.Contains(verdict.Reasons[0].Code, new[] { ReasonCode.KeyRevoked, ReasonCode.UntrustedIssuer });
        var keys = await KeyDrillTests.Keys(admin);
        Assert.DoesNotContain(keys, k => k.GetProperty("kid").GetString() == Convert.ToHexStringLower(outside.Kid));
        Assert.Equal(HttpStatusCode.OK, (await host.Client(null).GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/keys/reissues")).StatusCode);
    }

    [Fact]
    public async Task A_job_planted_for_a_key_that_is_not_revoked_reissues_nothing()
    {
        using var host = new ServiceHost(extra: KeyDrillTests.FastLifecycle);
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        var idNumber = CitizenIdNumber.Complete("320102" + "19900307" + "349");
        var licence = (await CompromiseRecoveryTests.IssueAsync(issuer, idNumber, 2))[0];
        var active = KeyDrillTests.Kid(licence.Qr);
        var now = DateTimeOffset.UtcNow;
        var job = new JsonObject
        {
            ["kid"] = active, ["family"] = "Sm2", ["from"] = now.AddDays(-1), ["until"] = now.AddMinutes(1), ["startAt"] = now.AddDays(-1),
            ["startedAt"] = now.AddDays(-1), ["by"] = "revocation", ["state"] = "running", ["hour"] = now.AddDays(-1),
        };
        await host.Store.HashSetAsync(Jobs, active, job.ToJsonString());
        var audit = host.Client(Tokens.Admin());
        await KeyDrillTests.WaitUntil(async () => (await audit.GetFromJsonAsync<JsonElement>($"/api/v1/keys/{active}/reissue")).GetProperty("state").GetString() == "refused",
            TimeSpan.FromSeconds(10));
        Assert.Equal(2, await host.CountAsync("licence"));
        Assert.Equal(licence.Id, (await audit.GetFromJsonAsync<JsonElement>($"/api/v1/licences/{Uri.EscapeDataString(licence.Id)}")).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("garnet")]
    [InlineData("redis")]
    public async Task A_sealed_record_from_before_the_revocation_put_back_does_not_bring_the_key_back_even_after_a_restart(string store)
    {
        using var redis = store == "redis" ? new RedisServer() : null;
        var folder = Directory.CreateTempSubdirectory("elicense-garnet-").FullName;
        var host = new ServiceHost(redis?.ConnectionString, folder, KeyDrillTests.FastLifecycle);
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        var old = (await CompromiseRecoveryTests.IssueAsync(issuer, CitizenIdNumber.Complete("320102" + "19900307" + "351"), 1))[0];
        var stolen = KeyDrillTests.Kid(old.Qr);
        var before = (string)(await host.Store.HashGetAsync(Keys, stolen))!;
        Assert.Equal(HttpStatusCode.OK, (await host.Client(Tokens.Admin()).PostAsJsonAsync($"/api/v1/keys/{stolen}/revoke", new { reason = "drill" })).StatusCode);
        // Junk beside the keys must not stop a revocation either.
        await host.Store.HashSetAsync(Keys, "junk", "not json");
        await host.Store.HashSetAsync(Keys, stolen, before);
        await host.Store.StringIncrementAsync("elicense:320000:keys-sequence:{keys-320000}");
        host.Dispose();

        using var again = new ServiceHost(redis?.ConnectionString, folder, KeyDrillTests.FastLifecycle);
        var admin = again.Client(Tokens.Admin());
        var keys = await KeyDrillTests.Keys(admin);
        Assert.DoesNotContain(keys, k => k.GetProperty("kid").GetString() == stolen && k.GetProperty("state").GetString() != "revoked");
        await using var verifier = new VerifyingSide(again.Client(null));
        await verifier.RefreshAsync();
        var forged = QrPayloadCodec.Encode(Payload(old.Qr) with { IssuedAt = DateTimeOffset.UtcNow }, SignedForge.DevSigner("320000", KeyFamily.Sm2));
        Assert.Equal(VerdictKind.Invalid, (await verifier.VerifyAsync(forged)).Kind);
        var active = keys.First(k => k.GetProperty("state").GetString() == "active" && k.GetProperty("family").GetString() == "SM2"
            && k.GetProperty("purpose").GetString() == "document-signer").GetProperty("kid").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/keys/{active}/revoke", new { reason = "drill, with junk in the store" })).StatusCode);
    }

    private static LicencePayload Payload(string qr)
    {
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        return decoded!.Payload;
    }
}
