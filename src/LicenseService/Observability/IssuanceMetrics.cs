using System.Diagnostics.Metrics;

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
    public void RecordStoredLicenceRefused(string use, Core.Reasons.ReasonCode? reason) =>
        refused.Add(1, new KeyValuePair<string, object?>("use", use),
            new KeyValuePair<string, object?>("reason", reason is { } code ? Core.Reasons.Reason.CodeText(code) : "unknown"));

    /// <summary>One licence handled by a re-issue job: reissued, already (done before a restart) or refused.</summary>
    public void RecordReissue(string outcome, long count) => reissued.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>One issue request's outcome (<c>issued</c>, <c>replayed</c>, <c>conflict</c>, …) and its licence type (<c>none</c> when it made none).</summary>
    public void RecordOutcome(string outcome, string? type) =>
        issued.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("type", type ?? "none"));

    /// <summary>How long a group of <paramref name="requests"/> issue requests took (one is a single request, more a batch chunk).</summary>
    public void RecordDuration(TimeSpan elapsed, int requests) =>
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("size", requests == 1 ? "single" : "batch"));
}
