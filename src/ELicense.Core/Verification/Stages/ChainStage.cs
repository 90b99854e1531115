using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Reasons;
using ELicense.Core.Trust;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §3: the signer's chain (validated against the configured roots when the trust material
/// was built) is valid at the licence's signing time, and the licence's issuer region lies in the
/// province the signer's provincial CA vouches for — the province and certificate half of
/// <see cref="SignerAdmission"/>, whose key-state half <see cref="KeyStateStage"/> reports.
/// </summary>
public sealed class ChainStage : VerificationStage
{
    public override CheckName Check => CheckName.Chain;

    public override Reason? Run(VerificationState state)
    {
        var signer = state.Signer!;
        var payload = state.Payload;
        var kind = payload.Kind == PayloadKind.Presentation ? SignedKind.Presentation : SignedKind.Licence;

        // The authority's credit code carries the region it is registered in (GB 32100, characters 3–8): a signer may speak
        // only for authorities of its own province, whatever region the licence states.
        var province = RegionCode.ProvinceOf(payload.Issuer.RegionCode);
        var authorityRegion = payload.Issuer.AuthorityCode.Length == 18 ? payload.Issuer.AuthorityCode[2..8] : "";
        if (!RegionCode.IsValid(authorityRegion) || RegionCode.ProvinceOf(authorityRegion) != province)
        {
            state.Admission = ReasonCode.IssuerRegionMismatch;
            return ReasonCatalogue.Create(ReasonCode.IssuerRegionMismatch,
                $"(authority {payload.Issuer.AuthorityCode} is registered in {authorityRegion}, licence {payload.Issuer.RegionCode})",
                $"（发证机关 {payload.Issuer.AuthorityCode} 登记于 {authorityRegion}，证照 {payload.Issuer.RegionCode}）");
        }

        state.Admission = SignerAdmission.Check(signer, kind, payload.IssuedAt, province);
        return state.Admission switch
        {
            ReasonCode.IssuerRegionMismatch => ReasonCatalogue.Create(ReasonCode.IssuerRegionMismatch,
                $"(licence {payload.Issuer.RegionCode}, signer {signer.Province})", $"（证照 {payload.Issuer.RegionCode}，签名者 {signer.Province}）"),
            { } code when SignerAdmission.IsChainReason(code) => ReasonCatalogue.Create(code),
            _ => null,
        };
    }
}
