using System.Text.Json.Serialization;
using ELicense.Core.Reasons;

namespace ELicense.Core.Verification;

/// <summary>
/// The answer of a verification (DESIGN §9). <see cref="Reasons"/> holds the failure first; a VALID
/// verdict has none. Ages are ISO 8601 durations (PT3M).
/// </summary>
public sealed record Verdict(
    [property: JsonPropertyName("verdict")][property: JsonConverter(typeof(VerdictKindJsonConverter))] VerdictKind Kind,
    IReadOnlyList<Reason> Reasons,
    VerdictChecks Checks,
    LicenceSummary? Licence,
    IssuerSummary? Issuer,
    string? StatusAge,
    string? TrustListAge,
    int? PresentationSecondsLeft)
{
    /// <summary>The first reason, the one a counter shows; null for VALID.</summary>
    [JsonIgnore]
    public Reason? FirstReason => Reasons.Count > 0 ? Reasons[0] : null;

    /// <summary>For a document (PDF) upload: what was checked of the document itself; absent for a QR text.</summary>
    [JsonPropertyName("document")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DocumentSummary? Document { get; init; }

    /// <summary>A verdict on something that failed before any licence could be read from it: only the reason's check ran.</summary>
    public static Verdict Refused(Reason reason, string? trustListAge = null)
    {
        var results = new CheckResult[Enum.GetValues<CheckName>().Length];
        var entry = ReasonCatalogue.Describe(reason.Code);
        results[(int)entry.Check] = entry.Verdict == VerdictKind.Indeterminate ? CheckResult.Indeterminate : CheckResult.Failed;
        return new Verdict(entry.Verdict, [reason], VerdictChecks.From(results), null, null, null, trustListAge, null);
    }

    /// <summary>
    /// This verdict with one more failure found outside the pipeline (e.g. in the document that carried
    /// the licence) put first: the verdict becomes the worse of the two, the reason's check records it.
    /// </summary>
    public Verdict WithFailure(Reason reason)
    {
        var entry = ReasonCatalogue.Describe(reason.Code);
        var results = Enum.GetValues<CheckName>().Select(c => Checks[c]).ToArray();
        var result = entry.Verdict == VerdictKind.Indeterminate ? CheckResult.Indeterminate : CheckResult.Failed;
        results[(int)entry.Check] = results[(int)entry.Check] == CheckResult.Failed ? CheckResult.Failed : result;

        var kind = Kind == VerdictKind.Invalid || entry.Verdict == VerdictKind.Invalid ? VerdictKind.Invalid : VerdictKind.Indeterminate;
        return this with { Kind = kind, Reasons = [reason, .. Reasons], Checks = VerdictChecks.From(results), PresentationSecondsLeft = null };
    }
}

/// <summary>What was checked of an uploaded document.</summary>
/// <param name="Kind">The kind of document: <c>pdf</c>.</param>
/// <param name="SignerKid">The hex kid of the certificate that signed the document, when its signature could be read.</param>
/// <param name="SignedAt">The signing time the document states (<c>/M</c>).</param>
/// <param name="Signature">How the document's signature check ended.</param>
/// <param name="PrintedQr">How the comparison of the printed QR with the carried licence ended.</param>
public sealed record DocumentSummary(
    string Kind,
    string? SignerKid,
    DateTimeOffset? SignedAt,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult Signature,
    [property: JsonConverter(typeof(CheckResultJsonConverter))] CheckResult PrintedQr);
