using System.Net;
using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace ELicense.LicenseService.Tests.Compromise;

/// <summary>
/// The store is not a signing oracle (DESIGN §13): an attacker who can write to the store edits a
/// licence record — the holder's name changed, the signature zeroed or made with a key of her own —
/// and asks the service for a presentation and a PDF of it. Both are refused with 409 Problem
/// Details; nothing is signed; the refusal is in the audit log.
/// </summary>
public sealed class StoredLicenceTamperingTests(GarnetServiceFixture fixture) : IClassFixture<GarnetServiceFixture>
{
    public static TheoryData<string> Tamperings =>
        ["name-changed-signature-kept", "signature-zeroed", "signed-by-an-outside-key", "identifier-swapped", "signed-by-the-province-but-breaking-its-type"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task An_edited_record_gets_neither_a_presentation_nor_a_PDF_and_the_refusal_is_audited(string tampering)
    {
        var (idNumber, id, other) = await IssueTwoAsync();
        // The attacker holds the record data key too (or a fault wrote the record): the seal holds, the QR inside must still verify.
        var record = await fixture.Host.RecordAsync(id);
        var qr = record.Qr;
        var forged = tampering == "identifier-swapped"
            ? (await fixture.Host.RecordAsync(other)).Qr
            : tampering == "signed-by-the-province-but-breaking-its-type" ? BreakType(qr)
            : Forge(qr, tampering);
        await fixture.Host.WriteRecordAsync(record with { Qr = forged });

        var wallet = fixture.Host.Client(Tokens.Citizen(idNumber));
        using var presented = await wallet.PostAsync($"/api/v1/wallet/licences/{Uri.EscapeDataString(id)}/presentations", null);
        await AssertRefusedAsync(presented);
        using var pdf = await fixture.Host.Client(Tokens.Admin()).GetAsync($"/api/v1/licences/{Uri.EscapeDataString(id)}/pdf");
        await AssertRefusedAsync(pdf);

        var audit = await fixture.Host.Store.ListRangeAsync("elicense:320000:audit:{audit-320000}");
        var entries = audit.Select(a => JsonDocument.Parse((string)a!).RootElement).Where(a => a.GetProperty("subject").GetString() == id).ToList();
        Assert.Contains(entries, a => a.GetProperty("action").GetString() == "stored-licence-refused" && a.GetProperty("detail").GetString()!.StartsWith("presentation", StringComparison.Ordinal));
        Assert.Contains(entries, a => a.GetProperty("detail").GetString()!.StartsWith("pdf", StringComparison.Ordinal));
        Assert.DoesNotContain(idNumber, string.Join("\n", audit.Select(a => (string)a!)), StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.EndsWith("stored-licence-unverified", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detailZh").GetString()));
    }

    /// <summary>What an attacker with write access to the store but without the province's key can make of a stored QR.</summary>
    private static string Forge(string qr, string tampering)
    {
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        var payload = decoded!.Payload with { Holder = decoded.Payload.Holder with { Name = "王五" } };
        var bytes = LicencePayloadCbor.Encode(payload);
        return tampering switch
        {
            "name-changed-signature-kept" => SignedForge.Text(PayloadKinds.LicencePrefix, SignedForge.Message(decoded.Message.ProtectedHeader, bytes, decoded.Message.Signature)),
            "signature-zeroed" => SignedForge.Text(PayloadKinds.LicencePrefix,
                SignedForge.Message(decoded.Message.ProtectedHeader, decoded.Message.Payload, new byte[decoded.Message.Signature.Length])),
            _ => QrPayloadCodec.Encode(payload, TestPki.Untrusted.SignerFor("320000")),
        };
    }

    /// <summary>
    /// A QR the province's own key signed whose content its type's definition forbids (the sex disagrees with the ID number), as a
    /// fault or a stolen signing session could leave in the store: the signature holds, the content check must refuse it.
    /// </summary>
    private string BreakType(string qr)
    {
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        var fields = new Dictionary<string, string>(decoded!.Payload.Fields) { ["sex"] = decoded.Payload.Fields["sex"] == "男" ? "女" : "男" };
        var signer = fixture.Host.Services.GetRequiredService<ELicense.LicenseService.Signing.SigningKeyRing>().PayloadSigner;
        return QrPayloadCodec.Encode(decoded.Payload with { Fields = fields }, signer);
    }

    /// <summary>Two ID cards of one new citizen; the second's QR serves the identifier swap.</summary>
    private async Task<(string IdNumber, string Id, string Other)> IssueTwoAsync()
    {
        var idNumber = CitizenIdNumber.Complete("320102" + "19900307" + ((Random.Shared.Next(0, 500) * 2) + 1).ToString("000", System.Globalization.CultureInfo.InvariantCulture));
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var request = Requests.For(BaseTypes.IdCard);
            request = request with { Holder = request.Holder! with { IdNumber = idNumber } };
            using var response = await Requests.PostAsync(fixture.Host.Client(Tokens.IssuerOf("id-card")), request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await Requests.JsonAsync(response)).GetProperty("id").GetString()!);
        }

        return (idNumber, ids[0], ids[1]);
    }
}
