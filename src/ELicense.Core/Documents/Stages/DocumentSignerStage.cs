using ELicense.Core.Identifiers;
using ELicense.Core.Reasons;
using ELicense.Core.Trust;
using ELicense.Core.Verification;

namespace ELicense.Core.Documents.Stages;

/// <summary>
/// DESIGN §3, §8: the key that signed the PDF could sign it, by <see cref="SignerAdmission"/> for a
/// PDF dated at its <c>/M</c>: of the carried licence's province, within its certificate, in service
/// (not pending, not after its retirement, not revoked from its compromise time). The PDF may be
/// signed by a newer key than the licence (PDFs are rendered on demand), so the two need not be the same.
/// </summary>
public static class DocumentSignerStage
{
    public static Reason? Run(DocumentState state)
    {
        var region = state.Licence?.State.Decoded?.Payload.Issuer.RegionCode;
        var province = region is not null && RegionCode.IsValid(region) ? RegionCode.ProvinceOf(region) : region is null ? null : "-";
        var refusal = SignerAdmission.Check(state.Signer!, SignedKind.PdfDocument, state.SignedAt, province);
        return refusal is { } code ? ReasonCatalogue.Create(code, DocumentState.SignatureDetail, DocumentState.SignatureDetailZh) : null;
    }
}
