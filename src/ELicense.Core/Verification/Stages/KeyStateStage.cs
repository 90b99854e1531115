using ELicense.Core.Reasons;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §3, §7: the key-state half of <see cref="Trust.SignerAdmission"/> for the licence's signing
/// time — a pending key signs nothing dated before its announced activation, a retired key nothing
/// after its retirement, a revoked key nothing from its compromise time on (everything when none is
/// stated).
/// </summary>
public sealed class KeyStateStage : VerificationStage
{
    public override CheckName Check => CheckName.KeyState;

    public override Reason? Run(VerificationState state) =>
        state.Admission is { } code && !Trust.SignerAdmission.IsChainReason(code) ? ReasonCatalogue.Create(code) : null;
}
