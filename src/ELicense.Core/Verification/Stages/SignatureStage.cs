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
        var candidates = state.Trust.Find(message.Kid);
        if (candidates.Count == 0)
        {
            return ReasonCatalogue.Create(ReasonCode.UntrustedIssuer, $"(kid {Trust.Kid.ToHex(message.Kid)})", $"（kid {Trust.Kid.ToHex(message.Kid)}）");
        }

        byte[]? toBeSigned = null;
        var algorithmAgreed = false;
        foreach (var candidate in candidates)
        {
            if (candidate.Key.Algorithm.CoseId != message.Algorithm)
            {
                continue;
            }

            algorithmAgreed = true;
            toBeSigned ??= message.ToBeSigned();
            if (candidate.Key.Verify(toBeSigned, message.Signature))
            {
                state.Signer = candidate;
                return null;
            }
        }

        return ReasonCatalogue.Create(algorithmAgreed ? ReasonCode.SignatureInvalid : ReasonCode.AlgMismatch);
    }
}
