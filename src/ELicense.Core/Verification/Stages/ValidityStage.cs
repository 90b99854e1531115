using System.Globalization;
using ELicense.Core.Encoding;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §4: the licence was not signed in the future and is valid now (valid-from ≤ now ≤
/// valid-until, absent valid-until = permanent); a presentation has not expired, and if it has the
/// reason says how long ago.
/// </summary>
public sealed class ValidityStage : VerificationStage
{
    public override CheckName Check => CheckName.Validity;

    public override Reason? Run(VerificationState state)
    {
        var payload = state.Payload;
        var skew = state.Options.ClockSkew;
        if (payload.IssuedAt > state.Now + skew)
        {
            return ReasonCatalogue.Create(ReasonCode.IssuedInFuture);
        }

        if (payload.Kind == PayloadKind.Presentation)
        {
            var expiredFor = state.Now - payload.ValidUntil!.Value;
            if (expiredFor <= TimeSpan.Zero)
            {
                return null;
            }

            var seconds = ((long)Math.Ceiling(expiredFor.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ReasonCatalogue.Create(ReasonCode.PresentationExpired, $"It expired {seconds} s ago.", $"已过期 {seconds} 秒。");
        }

        if (payload.ValidFrom > state.Now + skew)
        {
            return ReasonCatalogue.Create(ReasonCode.NotYetValid, $"Valid from {payload.ValidFrom:yyyy-MM-dd}.", $"生效日期 {payload.ValidFrom:yyyy-MM-dd}。");
        }

        return payload.ValidUntil is { } until && state.Now > until
            ? ReasonCatalogue.Create(ReasonCode.Expired, $"Valid until {until:yyyy-MM-dd}.", $"有效期至 {until:yyyy-MM-dd}。")
            : null;
    }
}
