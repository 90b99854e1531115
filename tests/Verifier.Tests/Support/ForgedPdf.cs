using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Signing;
using ELicense.Testing;
using PdfSharp.Pdf;

namespace ELicense.Verifier.Tests.Support;

/// <summary>
/// Licence PDFs a genuine service never makes, signed with keys a province trusts (the development
/// document signers of certs/dev) or with an impostor's: what a forger holding a key could produce.
/// </summary>
public static class ForgedPdf
{
    static ForgedPdf() => CjkFont.Install(new RenderingOptions());

    /// <summary>A development document signer of certs/dev, the first key a development province imports.</summary>
    public static DocumentSigner DevSigner(string province, KeyFamily family) => SignedForge.DevSigner(province, family);

    /// <summary>A PDF that prints the QR of <paramref name="printedQr"/> but carries <paramref name="carriedQr"/> as its payload, signed by <paramref name="signer"/>.</summary>
    public static byte[] Make(string printedQr, string carriedQr, DocumentSigner signer)
    {
        Assert.True(QrPayloadCodec.TryDecode(printedQr, DecodeLimits.Default, out var decoded, out _));
        var type = LicenceCatalogue.NationalBase.FindByCode(decoded!.Payload.TypeCode)!;
        using var document = LicencePdfRenderer.Render(decoded.Payload, type, printedQr);
        document.Info.Elements[LicencePdfRenderer.PayloadInfoKey] = new PdfString(carriedQr);
        document.Internals.Catalog.Elements.Remove("/Names");
        return PdfSigner.SignAndSave(document, signer, DateTimeOffset.UtcNow, "forged", "test");
    }
}
