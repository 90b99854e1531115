using ELicense.Core.Identifiers;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification.Stages;

namespace ELicense.Core.Verification;

/// <summary>
/// The verification of DESIGN §9 as a pure function: QR text + trust material + status + now →
/// verdict. The stages run in a fixed order and the first failure ends the run; a check that did not
/// run says so. The verdict starts out INVALID and becomes VALID only when every stage passed.
/// Thread-safe; never throws for bad input. See docs/verification.md.
/// </summary>
public sealed class VerificationPipeline
{
    private static readonly VerificationStage[] Stages =
    [
        new FormatStage(), new IdentifierStage(), new SignatureStage(), new ChainStage(),
        new KeyStateStage(), new ValidityStage(), new StatusStage(), new FreshnessStage(),
    ];

    private readonly VerificationOptions options;

    public VerificationPipeline(VerificationOptions? options = null) => this.options = options ?? VerificationOptions.Default;

    /// <summary>Verifies a QR text (<c>ELC1:</c> licence or <c>ELP1:</c> presentation).</summary>
    /// <param name="text">The scanned text.</param>
    /// <param name="trust">The trusted signers.</param>
    /// <param name="status">The status lists at hand.</param>
    /// <param name="now">The time of the verification.</param>
    /// <param name="decoded">The text as the caller already decoded it with these options' limits (to find its status
    /// list, say), so that it is not decoded twice; null to decode it here.</param>
    public Verdict Verify(string? text, TrustMaterial trust, IStatusSource? status, DateTimeOffset now, Encoding.DecodedPayload? decoded = null)
    {
        var state = new VerificationState(text, trust, status, now, options) { Decoded = decoded };
        var results = new CheckResult[Stages.Length];
        var kind = VerdictKind.Invalid;
        Reason? failure = null;
        for (var i = 0; i < Stages.Length; i++)
        {
            failure = Stages[i].Run(state);
            if (failure is not null)
            {
                var entry = ReasonCatalogue.Describe(failure.Code);
                results[i] = entry.Verdict == VerdictKind.Indeterminate ? CheckResult.Indeterminate : CheckResult.Failed;
                kind = entry.Verdict;
                break;
            }

            results[i] = CheckResult.Ok;
        }

        if (failure is null)
        {
            kind = VerdictKind.Valid;
        }

        return new Verdict(
            kind,
            failure is null ? [] : [failure],
            VerdictChecks.From(results),
            state.Decoded is null ? null : LicenceSummary.From(state.Payload),
            state.Decoded is null ? null : Summarise(state.Payload.Issuer),
            state.Status is null ? null : IsoDuration.Format(now - state.Status.IssuedAt),
            IsoDuration.Format(now - trust.AsOfFor(state.Signer?.Province)),
            kind == VerdictKind.Valid && state.Decoded?.Kind == Encoding.PayloadKind.Presentation
                ? (int)Math.Max(0, (state.Payload.ValidUntil!.Value - now).TotalSeconds)
                : null);
    }

    private static IssuerSummary Summarise(Licenses.Issuer issuer)
    {
        var known = RegionCode.IsValid(issuer.RegionCode);
        var province = known ? RegionCode.ProvinceName(issuer.RegionCode) : default;
        return new IssuerSummary(issuer.RegionCode, province.Zh, province.En, issuer.AuthorityName, issuer.AuthorityCode);
    }
}
