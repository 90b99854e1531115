using ELicense.Core.Reasons;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §3-4: the kid names trusted signers (several when kids collide); the signer's key decides
/// the algorithm and the message's alg must agree with it; the signature over the COSE
/// Sig_structure verifies under one of them, which becomes the licence's signer.
/// </summary>
public sealed class SignatureStage : VerificationStage
{
    public override CheckName Check => CheckName.Signature;

    public override Reason? Run(VerificationState state)
    {
        var message = state.Decoded!.Message;
        state.Signer = state.Trust.FindSigner(message, out var failure);
        if (state.Signer is not null)
        {
            return null;
        }

        var kid = Trust.Kid.ToHex(message.Kid);
        return failure == ReasonCode.UntrustedIssuer
            ? ReasonCatalogue.Create(failure, $"(kid {kid})", $"（kid {kid}）")
            : ReasonCatalogue.Create(failure);
    }
}
