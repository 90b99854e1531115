using System.Net;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Documents;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Verification;
using ELicense.DevPki;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests;

/// <summary>
/// Each licence type issued over HTTP, its PDF downloaded and checked by tools we did not write:
/// pdfsig (signature valid, whole document signed), pdftotext (the Chinese values are text),
/// pdftoppm at 150 dpi + zbarimg (the printed QR is the issued payload); and the core pipeline
/// says VALID for that payload.
/// </summary>
public sealed class PdfIssuanceTests(GarnetServiceFixture fixture) : IClassFixture<GarnetServiceFixture>
{
    public static TheoryData<string> Types => new(LicenceCatalogue.NationalBase.All.Select(t => t.Key));

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Issued_licence_PDF_is_signed_readable_and_carries_the_issued_QR(string typeKey)
    {
        var type = LicenceCatalogue.NationalBase.Find(typeKey)!;
        var client = fixture.Host.Client(Tokens.IssuerOf(typeKey));
        var request = Requests.For(type);
        using var response = await Requests.PostAsync(client, request, "pdf-" + typeKey + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await Requests.JsonAsync(response);
        var qr = issued.GetProperty("qr").GetString()!;

        var pdf = await client.GetByteArrayAsync(issued.GetProperty("links").GetProperty("pdf").GetString());
        var folder = Directory.CreateTempSubdirectory("elicense-pdf-").FullName;
        var file = Path.Combine(folder, "licence.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        var signature = ExternalTool.Run("pdfsig", folder, file);
        Assert.Contains("Signature is Valid.", signature.Output);
        Assert.Contains("Total document signed", signature.Output);
        Assert.Contains("ETSI.CAdES.detached", signature.Output);

        var text = ExternalTool.Run("pdftotext", folder, "-enc", "UTF-8", file, "-").Output;
        Assert.Contains(type.NameZh, text);
        Assert.Contains(request.Holder!.Name!, text);
        Assert.Contains("扫码验证", text);
        foreach (var value in request.Fields!.Values.Where(v => v.Any(c => c > 0x2E80)))
        {
            Assert.Contains(value, text.Replace("\n", ""));
        }

        ExternalTool.Run("pdftoppm", folder, "-r", "150", "-png", file, Path.Combine(folder, "page"));
        var scanned = ExternalTool.Run("zbarimg", folder, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", Path.Combine(folder, "page-1.png"));
        Assert.Equal(qr, scanned.Output.Trim());

        var now = DateTimeOffset.UtcNow;
        var trust = DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Sm2).Trust(now);
        var status = issued.GetProperty("status");
        var reference = new StatusReference(status.GetProperty("list").GetString()!, status.GetProperty("index").GetInt64());
        var snapshot = new StatusSnapshot().Set(reference, new StatusEvidence(LicenceStatus.Valid, now, now.AddMinutes(5)));
        var verdict = new VerificationPipeline().Verify(qr, trust, snapshot, now);
        Assert.True(verdict.Kind == VerdictKind.Valid, JsonSerializer.Serialize(verdict));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task PDF_carries_the_payload_as_attachment_and_its_RSA_signature_verifies_in_our_own_code()
    {
        var client = fixture.Host.Client(Tokens.IssuerOf("id-card"));
        using var response = await Requests.PostAsync(client, Requests.For(BaseTypes.IdCard));
        var issued = await Requests.JsonAsync(response);
        var pdf = await client.GetByteArrayAsync(issued.GetProperty("links").GetProperty("pdf").GetString());

        Assert.True(PdfSignatureBytes.TryRead(pdf, out var signature, out var error), error);
        Assert.True(signature!.CoversWholeFile);
        var verification = DetachedCms.Verify(signature.Signature, signature.SignedParts);
        Assert.True(verification.Valid, verification.Error);
        Assert.Contains(issued.GetProperty("qr").GetString()!, System.Text.Encoding.ASCII.GetString(pdf));

        pdf[signature.SignedParts[0].Length / 2] ^= 0x01;
        Assert.True(PdfSignatureBytes.TryRead(pdf, out var tampered, out _));
        Assert.False(DetachedCms.Verify(tampered!.Signature, tampered.SignedParts).Valid);
    }
}
