using System.Globalization;
using ELicense.Core.Encoding;
using ELicense.Core.Reasons;

namespace ELicense.Core.Verification.Stages;

/// <summary>
/// DESIGN §4: the licence was not signed in the future and is valid now (valid-from ≤ now ≤
/// valid-until, absent valid-until = permanent); a presentation has not expired, and if it has the
/// reason says how long ago. A presentation that states its licence's own validity (key 11) is held
/// to it as the licence would be, and its window must lie within it: a presentation never makes a
/// licence valid outside the licence's own dates.
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
            return LicenceValidityNow(payload, state.Now, skew) ?? PresentationExpired(payload, state.Now) ?? WindowOutsideLicenceValidity(payload);
        }

        if (payload.ValidFrom > state.Now + skew)
        {
            return ReasonCatalogue.Create(ReasonCode.NotYetValid, $"Valid from {payload.ValidFrom:yyyy-MM-dd}.", $"生效日期 {payload.ValidFrom:yyyy-MM-dd}。");
        }

        return payload.ValidUntil is { } until && state.Now > until
            ? ReasonCatalogue.Create(ReasonCode.Expired, $"Valid until {until:yyyy-MM-dd}.", $"有效期至 {until:yyyy-MM-dd}。")
            : null;
    }

    private static Reason? LicenceValidityNow(LicencePayload payload, DateTimeOffset now, TimeSpan skew)
    {
        if (payload.LicenceValidity is not { } validity)
        {
            return null;
        }

        if (validity.From > now + skew)
        {
            return ReasonCatalogue.Create(ReasonCode.NotYetValid,
                $"The licence's own validity starts {Day(validity.From)}.", $"证照本身的有效期自 {Day(validity.From)} 起。");
        }

        return validity.Until is { } until && now > until
            ? ReasonCatalogue.Create(ReasonCode.Expired, $"The licence's own validity ended {Day(until)}.", $"证照本身的有效期至 {Day(until)}。")
            : null;
    }

    private static Reason? PresentationExpired(LicencePayload payload, DateTimeOffset now)
    {
        var expiredFor = now - payload.ValidUntil!.Value;
        if (expiredFor <= TimeSpan.Zero)
        {
            return null;
        }

        var seconds = ((long)Math.Ceiling(expiredFor.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ReasonCatalogue.Create(ReasonCode.PresentationExpired, $"It expired {seconds} s ago.", $"已过期 {seconds} 秒。");
    }

    /// <summary>The wallet never makes one (it refuses outside the validity and cuts the window at its end); a signer that did is refused.</summary>
    private static Reason? WindowOutsideLicenceValidity(LicencePayload payload)
    {
        if (payload.LicenceValidity is not { } validity)
        {
            return null;
        }

        if (payload.ValidFrom < validity.From)
        {
            return ReasonCatalogue.Create(ReasonCode.NotYetValid,
                $"This dynamic code starts before the licence's own validity ({Instant(validity.From)}).", $"该动态码的生效时间早于证照本身的有效期（{Instant(validity.From)} 起）。");
        }

        return validity.Until is { } end && payload.ValidUntil > end
            ? ReasonCatalogue.Create(ReasonCode.Expired,
                $"This dynamic code runs past the end of the licence's own validity ({Instant(end)}).", $"该动态码的有效期超出证照本身的有效期（至 {Instant(end)}）。")
            : null;
    }

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
