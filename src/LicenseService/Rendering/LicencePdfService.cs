using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Signing;

namespace ELicense.LicenseService.Rendering;

/// <summary>Renders and signs the PDF of a stored licence. Rendering is on demand: the QR payload is the record.</summary>
public sealed class LicencePdfService(SigningKeyRing keys, TimeProvider time, CjkFont font)
{
    /// <summary>The font in use (loaded at start-up, so a missing font stops the service before the first request).</summary>
    public string FontPath => font.Path;

    public byte[] Render(LicencePayload payload, LicenceType type, string qrText)
    {
        using var document = LicencePdfRenderer.Render(payload, type, qrText);
        return PdfSigner.SignAndSave(document, keys.PdfSigner, time.GetUtcNow(), $"{type.NameZh}电子证照签发", payload.Issuer.AuthorityName);
    }
}
