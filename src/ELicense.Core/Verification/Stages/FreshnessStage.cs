using ELicense.Core.Reasons;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §6-7: the status list used has not passed its exp, and the trust material has not passed
/// the age its host allows; otherwise the answer is INDETERMINATE.
/// </summary>
public sealed class FreshnessStage : VerificationStage
{
    public override CheckName Check => CheckName.Freshness;

    public override Reason? Run(VerificationState state)
    {
        if (state.Status is { } status && state.Now > status.ExpiresAt)
        {
            return ReasonCatalogue.Create(ReasonCode.StatusStale, $"It expired at {status.ExpiresAt:O}.", $"状态列表已于 {status.ExpiresAt:yyyy-MM-dd HH:mm:ss} 过期。");
        }

        return state.Trust.StaleAfterFor(state.Signer?.Province) is { } staleAfter && state.Now > staleAfter
            ? ReasonCatalogue.Create(ReasonCode.TrustListStale)
            : null;
    }
}
