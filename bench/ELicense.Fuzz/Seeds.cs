using System.Text;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Documents;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Signing;
using ELicense.Testing;

namespace ELicense.Fuzz;

/// <summary>
/// Seed inputs of each target, made the way the test vectors are: genuine outputs of the development
/// province (so the fuzzer starts from inputs that pass every check) and a few refusals.
/// </summary>
public static class Seeds
{
    /// <summary>The one signed part the cms target's signatures cover.</summary>
    public static readonly byte[] CmsContent = Encoding.ASCII.GetBytes("%PDF-1.7 signed part of an ELicense fuzzing seed");

    public static IEnumerable<(string Name, byte[] Bytes)> For(string target) => target switch
    {
        "qr" => Qr(),
        "status-list" => [("token", StatusListTokenCodec.Sign(new StatusListToken(DevMaterial.Province + "-0", DevMaterial.Now.AddMinutes(-3),
            DevMaterial.Now.AddHours(1), TimeSpan.FromMinutes(5), new StatusList(StatusList.MinimumEntries)), DevMaterial.Signer(KeyFamily.Sm2)))],
        "trust-list" => [("list", TrustListCodec.Sign(TrustList(), DevMaterial.ListSigner))],
        "catalogue" => [
            ("national-base", Catalogue(LicenceCatalogue.NationalBase.All)),
            ("one-type", Catalogue([LicenceCatalogue.NationalBase.All[0]]))],
        "pdf" => [("licence-sm2", Pdf(KeyFamily.Sm2)), ("licence-rsa", Pdf(KeyFamily.Rsa))],
        "cms" => [
            ("sm2", DetachedCms.Sign(DevMaterial.Signer(KeyFamily.Sm2).Key, DevMaterial.Signer(KeyFamily.Sm2).Certificate, [CmsContent])),
            ("rsa", DetachedCms.Sign(DevMaterial.Signer(KeyFamily.Rsa).Key, DevMaterial.Signer(KeyFamily.Rsa).Certificate, [CmsContent]))],
        "batch-line" => [("lines", Encoding.UTF8.GetBytes(string.Join("\n", LicenceCatalogue.NationalBase.All.Select(BatchLine)) + "\n\nnot json\n"))],
        "verify-form" => [
            ("qr", Form(("purpose", Text("窗口核验")), ("qr", Qr().First().Bytes))),
            ("pdf", Form(("purpose", Text("窗口核验")), ("file", "%PDF-1.7\n%\u00e2\u00e3\n"u8.ToArray()))),
            ("png", Form(("purpose", Text("check")), ("file", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])))],
        _ => throw new ArgumentException($"Unknown target '{target}'."),
    };

    private static IEnumerable<(string Name, byte[] Bytes)> Qr()
    {
        foreach (var family in new[] { KeyFamily.Sm2, KeyFamily.Rsa })
        {
            var signer = DevMaterial.Signer(family);
            var licence = Licence(BaseTypes.IdCard);
            var licenceText = QrPayloadCodec.Encode(licence, signer);
            var presentationText = QrPayloadCodec.Encode(Some.Presentation(licence, DevMaterial.Now), signer);
            yield return ($"licence-{family}", Encoding.UTF8.GetBytes(licenceText));
            yield return ($"presentation-{family}", Encoding.UTF8.GetBytes(presentationText));
            yield return ($"licence-cose-{family}", Cose(licenceText));
            yield return ($"presentation-cose-{family}", [(byte)'P', .. Cose(presentationText)]);
        }

        yield return ("business-licence", Encoding.UTF8.GetBytes(QrPayloadCodec.Encode(Licence(BaseTypes.BusinessLicence), DevMaterial.Signer(KeyFamily.Sm2))));
    }

    /// <summary>The COSE bytes inside a QR text (see <see cref="Targets.QrText"/>).</summary>
    private static byte[] Cose(string text) => SignedForge.Unwrap(text);

    private static LicencePayload Licence(LicenceType type) => Some.Licence(type, issuedAt: DevMaterial.Now.AddMinutes(-1));

    private static TrustList TrustList()
    {
        var ca = DevMaterial.Ca(KeyFamily.Sm2);
        var entries = new[] { KeyFamily.Sm2, KeyFamily.Rsa }.Select(f => DevMaterial.Signer(f).Certificate)
            .Select(c => new TrustListEntry(c, SignerState.Active, CertificatePurposes.ValidityOf(c), null)).ToList();
        entries[1] = entries[1] with { State = SignerState.Revoked, CompromisedAt = DevMaterial.Now.AddDays(-1) };
        return new TrustList(DevMaterial.Province, "江苏省政务服务管理办公室（开发用）", 3, DevMaterial.Now.AddMinutes(-5), DevMaterial.Now.AddDays(7),
            [DevMaterial.ListSigner.Certificate, ca, DevMaterial.Ca(KeyFamily.Rsa)], entries);
    }

    private static byte[] Catalogue(IReadOnlyList<LicenceType> types)
        => CatalogueDocumentCodec.Sign(new CatalogueDocument(DevMaterial.Province, types.Count, DevMaterial.Now.AddMinutes(-5), DevMaterial.Now.AddDays(7),
            [DevMaterial.ListSigner.Certificate, DevMaterial.Ca(KeyFamily.Sm2)], types), DevMaterial.ListSigner);

    private static byte[] Pdf(KeyFamily family)
    {
        CjkFont.Install(new RenderingOptions());
        var licence = Licence(BaseTypes.IdCard);
        var qr = QrPayloadCodec.Encode(licence, DevMaterial.Signer(family));
        using var document = LicencePdfRenderer.Render(licence, BaseTypes.IdCard, qr);
        return PdfSigner.SignAndSave(document, DevMaterial.Signer(family), DevMaterial.Now, "fuzzing seed", "development");
    }

    private static string BatchLine(LicenceType type) => JsonSerializer.Serialize(new
    {
        type = type.Key,
        holder = Some.Holder(type) is var h ? new { name = h.Name, idNumber = h.IdNumber } : null,
        fields = Some.Fields(type),
        validUntil = DevMaterial.Now.AddYears(10),
    });

    private static byte[] Form(params (string Name, byte[] Value)[] parts)
    {
        using var body = new MemoryStream();
        foreach (var (name, value) in parts)
        {
            var header = name == "file"
                ? $"--{Targets.Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"licence\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                : $"--{Targets.Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n";
            body.Write(Encoding.UTF8.GetBytes(header));
            body.Write(value);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{Targets.Boundary}--\r\n"));
        return body.ToArray();
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
