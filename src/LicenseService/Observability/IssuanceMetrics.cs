using System.Diagnostics.Metrics;
using ELicense.LicenseService.Issuance;

namespace ELicense.LicenseService.Observability;

/// <summary>
/// Metrics of the meter <c>ELicense.LicenseService</c>: <c>elicense.licences.issued</c> (counter, by
/// outcome and type) and <c>elicense.issue.duration</c> (histogram in seconds, per request group).
/// </summary>
public sealed class IssuanceMetrics
{
    public const string MeterName = "ELicense.LicenseService";

    private readonly Counter<long> issued;
    private readonly Histogram<double> duration;

    public IssuanceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        issued = meter.CreateCounter<long>("elicense.licences.issued", "{licence}", "Issue requests by outcome.");
        duration = meter.CreateHistogram<double>("elicense.issue.duration", "s", "Time to validate, sign and store a group of licences.");
    }

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
