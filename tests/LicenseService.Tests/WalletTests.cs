using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests;

/// <summary>
/// The citizen's wallet API: her licences only; a presentation is an <c>ELP1:</c> QR that verifies
/// VALID with its seconds left, shows the chosen fields and a masked ID number, and is
/// PRESENTATION_EXPIRED a minute later; another citizen neither sees nor presents her licence; a
/// revoked licence is listed as such and cannot be presented.
/// </summary>
public abstract class WalletTests(ServiceHost host)
{
    [Fact]
    public async Task A_citizen_lists_her_licences_and_presents_one_that_verifies_for_60_seconds()
    {
        var (idNumber, id) = await IssueIdCardAsync();
        var wallet = host.Client(Tokens.Citizen(idNumber));

        var listed = JsonDocument.Parse(await wallet.GetStringAsync("/api/v1/wallet/licences")).RootElement;
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain(idNumber, listed.ToString(), StringComparison.Ordinal);

        using var response = await wallet.PostAsync($"/api/v1/wallet/licences/{Uri.EscapeDataString(id)}/presentations", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var presentation = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var qr = presentation.GetProperty("qr").GetString()!;
        Assert.StartsWith("ELP1:", qr, StringComparison.Ordinal);
        Assert.Equal(60, presentation.GetProperty("expiresInSeconds").GetInt32());

        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        Assert.Equal(CitizenIdNumber.Mask(idNumber), decoded!.Payload.Holder.IdNumber);
        Assert.Equal(BaseTypes.IdCard.PresentedByDefault.Order(), decoded.Payload.Fields.Keys.Order());

        await using var verifier = new VerifyingSide(host.Client(null));
        await verifier.RefreshAsync();
        var now = await verifier.VerifyAsync(qr);
        Assert.Equal(VerdictKind.Valid, now.Kind);
        Assert.InRange(now.PresentationSecondsLeft!.Value, 50, 60);

        var later = await verifier.VerifyAsync(qr, DateTimeOffset.UtcNow.AddSeconds(61));
        Assert.Equal(VerdictKind.Invalid, later.Kind);
        Assert.Equal(ReasonCode.PresentationExpired, later.FirstReason!.Code);
    }

    [Fact]
    public async Task She_chooses_the_fields_and_an_unknown_field_is_refused()
    {
        var (idNumber, id) = await IssueIdCardAsync();
        var wallet = host.Client(Tokens.Citizen(idNumber));
        var path = $"/api/v1/wallet/licences/{Uri.EscapeDataString(id)}/presentations";

        using var chosen = await wallet.PostAsJsonAsync(path, new { fields = new[] { "sex" } });
        var qr = JsonDocument.Parse(await chosen.Content.ReadAsStringAsync()).RootElement.GetProperty("qr").GetString();
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        Assert.Equal(["sex"], decoded!.Payload.Fields.Keys);

        using var unknown = await wallet.PostAsJsonAsync(path, new { fields = new[] { "salary" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("detailZh", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var malformed = await wallet.PostAsync(path, new StringContent("{\"fields\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Another_citizen_neither_sees_nor_presents_her_licence()
    {
        var (_, id) = await IssueIdCardAsync();
        var (otherId, _) = await IssueIdCardAsync();
        var other = host.Client(Tokens.Citizen(otherId));
        var path = $"/api/v1/wallet/licences/{Uri.EscapeDataString(id)}/presentations";

        Assert.DoesNotContain(id, await other.GetStringAsync("/api/v1/wallet/licences"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/licences/{Uri.EscapeDataString(id)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(Tokens.IssuerOf("id-card")).PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client(null).PostAsync(path, null)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_licence_is_listed_as_revoked_and_cannot_be_presented()
    {
        var (idNumber, id) = await IssueIdCardAsync();
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        using (var revoke = await issuer.PostAsJsonAsync($"/api/v1/licences/{Uri.EscapeDataString(id)}/revoke", new { reason = "证件遗失" }))
        {
            Assert.True(revoke.IsSuccessStatusCode, await revoke.Content.ReadAsStringAsync());
        }

        var wallet = host.Client(Tokens.Citizen(idNumber));
        var listed = JsonDocument.Parse(await wallet.GetStringAsync("/api/v1/wallet/licences")).RootElement;
        Assert.Equal("revoked", Assert.Single(listed.EnumerateArray()).GetProperty("status").GetString());
        using var refused = await wallet.PostAsync($"/api/v1/wallet/licences/{Uri.EscapeDataString(id)}/presentations", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("吊销", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_licence_not_yet_valid_cannot_be_presented_and_a_presentation_never_outlives_its_licence()
    {
        // Before, the presentation was signed valid now…now+60 s whatever the licence's own dates: VALID at every counter.
        var later = DateTimeOffset.UtcNow.AddDays(10);
        var (idNumber, notYet) = await IssueIdCardAsync(r => r with { ValidFrom = later, ValidUntil = later.AddYears(20).AddDays(-1) });
        var wallet = host.Client(Tokens.Citizen(idNumber));
        using var refused = await wallet.PostAsync($"/api/v1/wallet/licences/{Uri.EscapeDataString(notYet)}/presentations", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("尚未生效", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ends = DateTimeOffset.UtcNow.AddSeconds(30);
        var (holder, ending) = await IssueIdCardAsync(r => r with { ValidFrom = ends.AddYears(-1), ValidUntil = ends });
        using var presented = await host.Client(Tokens.Citizen(holder)).PostAsync($"/api/v1/wallet/licences/{Uri.EscapeDataString(ending)}/presentations", null);
        Assert.Equal(HttpStatusCode.Created, presented.StatusCode);
        var qr = (await Requests.JsonAsync(presented)).GetProperty("qr").GetString()!;
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        Assert.True(decoded!.Payload.ValidUntil <= ends.AddSeconds(1), $"the presentation runs to {decoded.Payload.ValidUntil:O}, the licence to {ends:O}");
    }

    [Fact]
    public async Task A_licence_whose_validity_has_already_ended_is_not_issued()
    {
        var request = Requests.For(BaseTypes.IdCard) with { ValidFrom = DateTimeOffset.UtcNow.AddYears(-20), ValidUntil = DateTimeOffset.UtcNow.AddDays(-1) };

        using var response = await Requests.PostAsync(host.Client(Tokens.IssuerOf("id-card")), request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == "validUntil");
    }

    [Theory]
    [InlineData("id-card")]
    [InlineData("birth-certificate")]
    [InlineData("marriage-certificate")]
    [InlineData("real-estate-certificate")]
    public async Task A_default_presentation_leaves_the_holders_number_unknown_and_verifies(string key)
    {
        // Before, a 居民身份证 showed 320102********451X beside its birth date: the whole number.
        var type = LicenceCatalogue.NationalBase.Find(key)!;
        var (idNumber, id) = await IssueAsync(type);

        using var response = await host.Client(Tokens.Citizen(idNumber)).PostAsync($"/api/v1/wallet/licences/{Uri.EscapeDataString(id)}/presentations", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var qr = (await Requests.JsonAsync(response)).GetProperty("qr").GetString()!;

        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        var open = IdNumberCandidates.Count(idNumber, decoded!.Payload, countSex: false);
        Assert.True(open >= 1_000, $"{open} numbers fit what the presentation shows ({decoded.Payload.Holder.IdNumber})");
        Assert.True(IdNumberCandidates.Count(idNumber, decoded.Payload, countSex: true) >= 500);
        await using var verifier = new VerifyingSide(host.Client(null));
        await verifier.RefreshAsync();
        Assert.Equal(VerdictKind.Valid, (await verifier.VerifyAsync(qr)).Kind);
    }

    [Theory]
    [InlineData("id-card")]
    [InlineData("marriage-certificate")]
    public async Task A_presentation_carries_the_licences_own_validity(string key)
    {
        var type = LicenceCatalogue.NationalBase.Find(key)!;
        var from = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-3).ToUnixTimeSeconds());
        DateTimeOffset? until = type.LongestValidity is null ? null : from.AddYears(20);
        var (idNumber, id) = await IssueAsync(type, r => r with { ValidFrom = from, ValidUntil = until });

        using var response = await host.Client(Tokens.Citizen(idNumber)).PostAsync($"/api/v1/wallet/licences/{Uri.EscapeDataString(id)}/presentations", null);
        var qr = (await Requests.JsonAsync(response)).GetProperty("qr").GetString()!;

        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        var validity = new System.Formats.Cbor.CborReader(CborMapEntries.Read(decoded!.Message.Payload).Value(11));
        var length = validity.ReadStartArray();
        Assert.Equal(until is null ? 1 : 2, length);
        Assert.Equal(from.ToUnixTimeSeconds(), validity.ReadInt64());
        Assert.Equal(until?.ToUnixTimeSeconds(), length == 2 ? validity.ReadInt64() : null);
        Assert.Equal(new LicenceValidity(from, until), decoded.Payload.LicenceValidity);
    }

    /// <summary>Issues a 居民身份证 to a holder of her own, new identity number.</summary>
    private Task<(string IdNumber, string Id)> IssueIdCardAsync(Func<Issuance.IssueRequest, Issuance.IssueRequest>? change = null)
        => IssueAsync(BaseTypes.IdCard, change);

    /// <summary>
    /// Issues a licence of the type to a citizen of her own, new identity number (on a 出生医学证明, the
    /// child's), agreeing with the sample's birth date and sex (female: an even 17th digit).
    /// </summary>
    private static int nextCitizen = Random.Shared.Next(0, 500);

    private async Task<(string IdNumber, string Id)> IssueAsync(LicenceType type, Func<Issuance.IssueRequest, Issuance.IssueRequest>? change = null)
    {
        var request = Requests.For(type);
        var fields = request.Fields!;
        var birth = fields.GetValueOrDefault("birthDate", "1990-03-07").Replace("-", "", StringComparison.Ordinal);
        // Each test its own citizen: a counter, not a random draw (500 values collide within a class).
        var sequence = ((Interlocked.Increment(ref nextCitizen) % 500) * 2) + (fields.GetValueOrDefault("sex", "男") == "男" ? 1 : 0);
        var idNumber = CitizenIdNumber.Complete("320102" + birth + sequence.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
        request = request with { Holder = request.Holder! with { IdNumber = idNumber } };
        request = change?.Invoke(request) ?? request;
        using var response = await Requests.PostAsync(host.Client(Tokens.IssuerOf(type.Key)), request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (idNumber, (await Requests.JsonAsync(response)).GetProperty("id").GetString()!);
    }
}

public sealed class GarnetWalletTests(GarnetServiceFixture fixture) : WalletTests(fixture.Host), IClassFixture<GarnetServiceFixture>;

public sealed class ClusterWalletTests(ClusterServiceFixture fixture) : WalletTests(fixture.Host), IClassFixture<ClusterServiceFixture>;
