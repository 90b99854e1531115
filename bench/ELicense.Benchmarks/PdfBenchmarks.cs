using BenchmarkDotNet.Attributes;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Signing;
using ELicense.Testing;

namespace ELicense.Benchmarks;

/// <summary>
/// The signed PDF of a 营业执照 (the longest layout), one thread: the QR matrix alone, rendering
/// (layout, seal, vector QR), and rendering + saving + signing, per PDF-signature algorithm.
/// </summary>
[MemoryDiagnoser]
public class PdfBenchmarks
{
    private readonly LicenceType type = LicenceCatalogue.NationalBase.Find("business-licence")!;
    private LicencePayload payload = null!;
    private string qr = null!;
    private DocumentSigner signer = null!;

    [Params(KeyFamily.Rsa, KeyFamily.Sm2)]
    public KeyFamily PdfSignature { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        CjkFont.Install(new RenderingOptions());
        payload = Some.Licence(type);
        qr = QrPayloadCodec.Encode(payload, TestPki.Sm2.SignerFor("320000"));
        signer = TestPki.For(PdfSignature).SignerFor("320000");
    }

    [Benchmark]
    public int QrMatrix() => LicenseService.Rendering.QrMatrix.Create(qr).Size;

    [Benchmark]
    public int Render()
    {
        using var document = LicencePdfRenderer.Render(payload, type, qr);
        return document.PageCount;
    }

    [Benchmark]
    public int RenderAndSign()
    {
        using var document = LicencePdfRenderer.Render(payload, type, qr);
        return PdfSigner.SignAndSave(document, signer, DateTimeOffset.UtcNow, "签发", "江苏").Length;
    }
}
