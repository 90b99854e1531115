using ELicense.Core.Reasons;
using ELicense.Core.Trust;
using ELicense.Core.Verification;

namespace ELicense.Core.Documents.Stages;

/// <summary>
/// DESIGN §8: the PDF carries a signature (ISO 32000-1 §12.8: <c>/ByteRange</c> and <c>/Contents</c>),
/// its detached CMS verifies over the signed ranges (PAdES B-B profile, <see cref="DetachedCms"/>), the
/// ranges cover the whole file (nothing appended after signing), and the signer's certificate is a
/// document signer of the trust lists held. Only then is anything else of the file parsed.
/// </summary>
public static class DocumentSignatureStage
{
    public static Reason? Run(DocumentState state)
    {
        if (!PdfSignatureBytes.TryRead(state.Pdf, out var signature, out var error))
        {
            return ReasonCatalogue.Create(ReasonCode.PdfUnsigned, error);
        }

        var cms = DetachedCms.Verify(signature.Signature, signature.SignedParts);
        state.SignerKid = cms.SignerCertificate is { } certificate ? Kid.ToHex(Kid.Compute(certificate)) : null;
        if (!cms.Valid)
        {
            return ReasonCatalogue.Create(ReasonCode.PdfSignatureInvalid, cms.Error);
        }

        if (!signature.CoversWholeFile)
        {
            return ReasonCatalogue.Create(ReasonCode.PdfModifiedAfterSigning, "Bytes follow the signed part of the file.");
        }

        var signerCertificate = cms.SignerCertificate!;
        state.Signer = state.Trust.FindByCertificate(signerCertificate);
        if (state.Signer is null)
        {
            return ReasonCatalogue.Create(ReasonCode.UntrustedIssuer, DocumentState.SignatureDetail, DocumentState.SignatureDetailZh);
        }

        // A key revoked without a compromise time signed nothing that counts: the file is not parsed or rendered at all.
        return state.Signer is { State: SignerState.Revoked, CompromisedAt: null } ? ReasonCatalogue.Create(ReasonCode.KeyRevoked, DocumentState.SignatureDetail, DocumentState.SignatureDetailZh) : null;
    }
}
