using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Keys;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Signing;

/// <summary>
/// The province's signers as issuance sees them: whichever key of the payload's and the PDF's
/// algorithm is active now (<see cref="KeyManager"/>). Read a signer once per licence, so that one
/// licence is signed by one key even while a rotation happens.
/// </summary>
public sealed class SigningKeyRing(KeyManager keys, IOptions<ProvinceOptions> province)
{
    /// <summary>Signs QR payloads and status lists.</summary>
    public DocumentSigner PayloadSigner => keys.Signer(province.Value.SigningAlgorithm);

    /// <summary>Signs PDFs.</summary>
    public DocumentSigner PdfSigner => keys.Signer(province.Value.PdfSignatureAlgorithm);
}
