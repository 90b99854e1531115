using ELicense.Core.Identifiers;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §3: the signer's chain (validated against the configured roots when the trust material
/// was built) is valid at the licence's signing time, and the licence's issuer region lies in the
/// province the signer's provincial CA vouches for.
/// </summary>
public sealed class ChainStage : VerificationStage
{
    public override CheckName Check => CheckName.Chain;

    public override Reason? Run(VerificationState state)
    {
        var signer = state.Signer!;
        var payload = state.Payload;
        if (RegionCode.ProvinceOf(payload.Issuer.RegionCode) != signer.Province)
        {
            return ReasonCatalogue.Create(ReasonCode.IssuerRegionMismatch,
                $"(licence {payload.Issuer.RegionCode}, signer {signer.Province})", $"（证照 {payload.Issuer.RegionCode}，签名者 {signer.Province}）");
        }

        return signer.Window.Contains(payload.IssuedAt) ? null : ReasonCatalogue.Create(ReasonCode.CertificateNotValidAtSigning);
    }
}
