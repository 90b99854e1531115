using System.Text.Json.Serialization;

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
}
