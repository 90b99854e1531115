using ELicense.Core.Status;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §6: the licence's entry in its status list, read from lists the host fetched whole (the
/// issuer never learns which licence was checked): revoked and suspended fail; no list at hand is
/// INDETERMINATE, never VALID.
/// </summary>
public sealed class StatusStage : VerificationStage
{
    public override CheckName Check => CheckName.Status;

    public override Reason? Run(VerificationState state)
    {
        state.Status = state.StatusSource?.Find(state.Payload.Status);
        return state.Status?.Status switch
        {
            null => ReasonCatalogue.Create(ReasonCode.StatusUnavailable),
            LicenceStatus.Valid => null,
            LicenceStatus.Revoked => ReasonCatalogue.Create(ReasonCode.Revoked),
            LicenceStatus.Suspended => ReasonCatalogue.Create(ReasonCode.Suspended),
            _ => ReasonCatalogue.Create(ReasonCode.StatusUnavailable, "(unknown status value)", "（未知状态值）"),
        };
    }
}
