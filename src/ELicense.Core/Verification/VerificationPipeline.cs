using ELicense.Core.Identifiers;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification.Stages;

namespace ELicense.Core.Verification;

/// <summary>
/// The verification of DESIGN §9 as pure functions, in two phases so that nothing is fetched for a
/// text whose signature does not verify (DESIGN §13):
/// <see cref="Prepare"/> (QR text + trust material + now) runs format, identifier, signature, chain,
/// key state and validity, and names the status list of the signer's province to fetch;
/// <see cref="Complete"/> (+ status lists at hand) runs status, freshness and content and writes the verdict.
/// The stages run in a fixed order and the first failure ends the run; a check that did not run says
/// so. The verdict starts out INVALID and becomes VALID only when every stage passed. Thread-safe;
/// never throws for bad input. See docs/verification.md.
/// </summary>
public sealed class VerificationPipeline
{
    private static readonly VerificationStage[] Stages =
    [
        new FormatStage(), new IdentifierStage(), new SignatureStage(), new ChainStage(),
        new KeyStateStage(), new ValidityStage(), new StatusStage(), new FreshnessStage(), new ContentStage(),
    ];

    /// <summary>Where the second phase starts: the status stage.</summary>
    private const int CompleteFrom = 6;

    private readonly VerificationOptions options;

    public VerificationPipeline(VerificationOptions? options = null) => this.options = options ?? VerificationOptions.Default;

    /// <summary>Both phases at once, for callers that already hold every status list they will use.</summary>
    /// <param name="text">The scanned text (<c>ELC1:</c> licence or <c>ELP1:</c> presentation).</param>
    /// <param name="trust">The trusted signers.</param>
    /// <param name="status">The status lists at hand.</param>
    /// <param name="now">The time of the verification.</param>
    public Verdict Verify(string? text, TrustMaterial trust, IStatusSource? status, DateTimeOffset now) => Complete(Prepare(text, trust, now), status, now);

    /// <summary>
    /// The first phase: everything that needs no status list. Touches nothing outside its arguments;
    /// the host fetches <see cref="PreparedLicence.StatusToFetch"/> (if any) before <see cref="Complete"/>.
    /// </summary>
    public PreparedLicence Prepare(string? text, TrustMaterial trust, DateTimeOffset now)
    {
        var state = new VerificationState(text, trust, now, options);
        var results = new CheckResult[Stages.Length];
        var failure = Run(state, results, 0, CompleteFrom);
        return new PreparedLicence(state, results, failure);
    }

    /// <summary>The second phase: status and freshness with the lists at hand at <paramref name="now"/>, and the verdict.</summary>
    public Verdict Complete(PreparedLicence prepared, IStatusSource? status, DateTimeOffset now)
    {
        var state = prepared.State;
        var results = (CheckResult[])prepared.Results.Clone();
        var failure = prepared.Failure;
        if (failure is null)
        {
            state.Now = now;
            state.StatusSource = status;
            failure = Run(state, results, CompleteFrom, Stages.Length);
        }

        var kind = failure is null ? VerdictKind.Valid : ReasonCatalogue.Describe(failure.Code).Verdict;
        return new Verdict(
            kind,
            failure is null ? [] : [failure],
            VerdictChecks.From(results),
            state.Decoded is null ? null : LicenceSummary.From(state.Payload, state.Type ?? DisplayType(state)),
            state.Decoded is null ? null : Summarise(state.Payload.Issuer),
            state.Status is null ? null : IsoDuration.Format(state.Now - state.Status.IssuedAt),
            IsoDuration.Format(state.Now - state.Trust.AsOfFor(state.Signer?.Province)),
            kind == VerdictKind.Valid && state.Decoded?.Kind == Encoding.PayloadKind.Presentation
                ? (int)Math.Max(0, (state.Payload.ValidUntil!.Value - state.Now).TotalSeconds)
                : null);
    }

    private static Reason? Run(VerificationState state, CheckResult[] results, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var failure = Stages[i].Run(state);
            if (failure is not null)
            {
                results[i] = ReasonCatalogue.Describe(failure.Code).Verdict == VerdictKind.Indeterminate ? CheckResult.Indeterminate : CheckResult.Failed;
                return failure;
            }

            results[i] = CheckResult.Ok;
        }

        return null;
    }

    /// <summary>For a verdict that ended before the content stage: the labels of the signer's province's definition (the national base's
    /// when no signer verified), for display only.</summary>
    private static Licenses.LicenceType? DisplayType(VerificationState state)
        => state.Trust.Catalogues.Find(state.Signer?.Province, state.Payload.TypeCode, state.Payload.TypeVersion);

    private static IssuerSummary Summarise(Licenses.Issuer issuer)
    {
        var known = RegionCode.IsValid(issuer.RegionCode);
        var province = known ? RegionCode.ProvinceName(issuer.RegionCode) : default;
        return new IssuerSummary(issuer.RegionCode, province.Zh, province.En, issuer.AuthorityName, issuer.AuthorityCode);
    }
}
