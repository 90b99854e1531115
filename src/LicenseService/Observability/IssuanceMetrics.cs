using System.Diagnostics.Metrics;
using ELicense.LicenseService.Issuance;

namespace ELicense.LicenseService.Observability;

/// <summary>
/// Metrics of the meter <c>ELicense.LicenseService</c>: <c>elicense.licences.issued</c> (counter, by
/// outcome and type), <c>elicense.issue.duration</c> (histogram in seconds, per request group),
/// <c>elicense.stored_licences.refused</c> (by use and reason) and <c>elicense.licences.reissued</c> (by outcome).
/// </summary>
public sealed class IssuanceMetrics
{
    public const string MeterName = "ELicense.LicenseService";

    private readonly Counter<long> issued;
    private readonly Histogram<double> duration;
    private readonly Counter<long> refused;
    private readonly Counter<long> reissued;

    public IssuanceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        issued = meter.CreateCounter<long>("elicense.licences.issued", "{licence}", "Issue requests by outcome.");
        duration = meter.CreateHistogram<double>("elicense.issue.duration", "s", "Time to validate, sign and store a group of licences.");
        refused = meter.CreateCounter<long>("elicense.stored_licences.refused", "{licence}", "Stored licences that failed verification before being signed from.");
        reissued = meter.CreateCounter<long>("elicense.licences.reissued", "{licence}", "Licences re-issued after a key compromise, by outcome.");
    }

    /// <summary>A stored licence that failed verification before a PDF, a presentation or a re-issue (<paramref name="use"/>).</summary>
    public void RecordStoredLicenceRefused(string use, Core.Verification.ReasonCode? reason) =>
        refused.Add(1, new KeyValuePair<string, object?>("use", use),
            new KeyValuePair<string, object?>("reason", reason is { } code ? Core.Verification.Reason.CodeText(code) : "unknown"));

    /// <summary>One licence handled by a re-issue job: reissued, already (done before a restart) or refused.</summary>
    public void RecordReissue(string outcome, long count) => reissued.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void Record(IReadOnlyList<IssueResult> results, TimeSpan elapsed)
    {
        foreach (var result in results)
        {
            issued.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.ToString().ToLowerInvariant()),
                new KeyValuePair<string, object?>("type", result.Licence?.Type ?? "none"));
        }

        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("size", results.Count == 1 ? "single" : "batch"));
    }
}
