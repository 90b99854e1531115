using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Trust;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §6: the licence's entry in its status list, read from lists the host fetched whole (the
/// issuer never learns which licence was checked) from the signer's province: revoked and suspended
/// fail; a list name outside the signer's province, no list at hand, or a list whose signer the
/// current trust material no longer admits (revoked since the list was fetched) is INDETERMINATE,
/// never VALID.
/// </summary>
public sealed class StatusStage : VerificationStage
{
    public override CheckName Check => CheckName.Status;

    public override Reason? Run(VerificationState state)
    {
        var province = state.Signer!.Province;
        var reference = state.Payload.Status;
        if (!StatusListName.BelongsTo(reference.List, province))
        {
            return ReasonCatalogue.Create(ReasonCode.StatusListInvalid, $"(not one of province {province}'s lists)", $"（不是 {province} 的状态列表）");
        }

        var evidence = state.StatusSource?.Find(province, reference);
        if (evidence?.SignerCertificate is { } certificate && SignerAdmission.Check(state.Trust, certificate, SignedKind.StatusList, evidence.IssuedAt, province, evidence.SignerKid) is { } refusal)
        {
            return ReasonCatalogue.Create(ReasonCode.StatusUnavailable,
                $"(the status list's signer is no longer admitted: {Reason.CodeText(refusal)})", "（状态列表的签名密钥已不再受信任）");
        }

        state.Status = evidence;
        return evidence?.Status switch
        {
            null => ReasonCatalogue.Create(ReasonCode.StatusUnavailable),
            LicenceStatus.Valid => null,
            LicenceStatus.Revoked => ReasonCatalogue.Create(ReasonCode.Revoked),
            LicenceStatus.Suspended => ReasonCatalogue.Create(ReasonCode.Suspended),
            _ => ReasonCatalogue.Create(ReasonCode.StatusUnavailable, "(unknown status value)", "（未知状态值）"),
        };
    }
}
