using ELicense.Core.Trust;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §3, §7: a pending key may not have signed anything before its announced activation time
/// (a verifier's list may predate the activation); a revoked key voids everything it
/// signed from its compromise time on (all of it when no time is stated). The signing time is not
/// consulted: whoever holds a stolen key writes any signing time he likes.
/// </summary>
public sealed class KeyStateStage : VerificationStage
{
    public override CheckName Check => CheckName.KeyState;

    public override Reason? Run(VerificationState state)
    {
        var signer = state.Signer!;
        return signer.State switch
        {
            SignerState.Revoked when signer.CompromisedAt is not { } at || state.Now >= at => ReasonCatalogue.Create(ReasonCode.KeyRevoked),
            SignerState.Pending when !signer.MaySignAt(state.Payload.IssuedAt) => ReasonCatalogue.Create(ReasonCode.KeyNotActive),
            _ => null,
        };
    }
}
