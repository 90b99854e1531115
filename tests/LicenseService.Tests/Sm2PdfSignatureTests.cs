using ELicense.Testing;
using System.Net;
using ELicense.Core.Documents;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Tests.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;

namespace ELicense.LicenseService.Tests;

/// <summary>The national profile: PDF signed with SM2 in a GM/T 0010 CMS, checked by our own verifier.</summary>
public sealed class Sm2PdfSignatureTests
{
    [Fact]
    public async Task SM2_PDF_signature_uses_GMT_0010_identifiers_and_verifies_until_a_byte_changes()
    {
        using var host = new ServiceHost(extra: new Dictionary<string, string?> { ["Province:PdfSignatureAlgorithm"] = "Sm2" });
        var client = host.Client(Tokens.IssuerOf("business-licence"));
        using var response = await Requests.PostAsync(client, Requests.For(BaseTypes.BusinessLicence));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pdf = await client.GetByteArrayAsync((await Requests.JsonAsync(response)).GetProperty("links").GetProperty("pdf").GetString());

        Assert.True(PdfSignatureBytes.TryRead(pdf, out var signature, out var error), error);
        using var input = new Asn1InputStream(signature!.Signature);
        var contentInfo = ContentInfo.GetInstance(input.ReadObject());
        Assert.Equal("1.2.156.10197.6.1.4.2.2", contentInfo.ContentType.Id);
        var signerInfo = SignerInfo.GetInstance(SignedData.GetInstance(contentInfo.Content).SignerInfos[0]);
        Assert.Equal("1.2.156.10197.1.401", signerInfo.DigestAlgorithm.Algorithm.Id);
        Assert.Equal("1.2.156.10197.1.301.1", signerInfo.SignatureAlgorithm.Algorithm.Id);

        var verification = DetachedCms.Verify(signature.Signature, signature.SignedParts);
        Assert.True(verification.Valid, verification.Error);

        pdf[^10] ^= 0x20;
        Assert.True(PdfSignatureBytes.TryRead(pdf, out var tampered, out _));
        Assert.False(DetachedCms.Verify(tampered!.Signature, tampered.SignedParts).Valid);
    }
}
