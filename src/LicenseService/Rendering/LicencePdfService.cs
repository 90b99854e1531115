using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Signing;

namespace ELicense.LicenseService.Rendering;

/// <summary>Renders and signs the PDF of a stored licence. Rendering is on demand: the QR payload is the record.</summary>
public sealed class LicencePdfService(SigningKeyRing keys, TimeProvider time, CjkFont font)
{
    /// <summary>The font in use (loaded at start-up, so a missing font stops the service before the first request).</summary>
    public string FontPath => font.Path;

    /// <param name="payload">The signed content.</param>
    /// <param name="type">Its type's definition.</param>
    /// <param name="qrText">The signed QR text printed on it.</param>
    /// <param name="sealRing">The ring text of the issuing authority's seal; its name when null.</param>
    /// <param name="sealCentre">The centre text of the seal; 电子证照专用章 when null.</param>
    public byte[] Render(LicencePayload payload, LicenceType type, string qrText, string? sealRing = null, string? sealCentre = null)
    {
        using var document = LicencePdfRenderer.Render(payload, type, qrText, sealRing, sealCentre);
        return PdfSigner.SignAndSave(document, keys.PdfSigner, time.GetUtcNow(), $"{type.NameZh}电子证照签发", payload.Issuer.AuthorityName);
    }
}
