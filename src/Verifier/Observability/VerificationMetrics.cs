using System.Diagnostics.Metrics;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;

namespace ELicense.Verifier.Observability;

/// <summary>
/// Metrics of the meter <c>ELicense.Verifier</c>: <c>elicense.verifications</c> (counter, by verdict
/// and first reason) and <c>elicense.verification.duration</c> (histogram in seconds, including a
/// status-list fetch when one was needed).
/// </summary>
public sealed class VerificationMetrics
{
    public const string MeterName = "ELicense.Verifier";

    private readonly Counter<long> verifications;
    private readonly Histogram<double> duration;

    public VerificationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        verifications = meter.CreateCounter<long>("elicense.verifications", "{verification}", "Verifications by verdict and first reason.");
        duration = meter.CreateHistogram<double>("elicense.verification.duration", "s", "Time to verify one text.");
    }

    public void Record(Verdict verdict, TimeSpan elapsed)
    {
        verifications.Add(1, new KeyValuePair<string, object?>("verdict", VerdictKindJsonConverter.Name(verdict.Kind).ToLowerInvariant()),
            new KeyValuePair<string, object?>("reason", verdict.FirstReason is { } reason ? Reason.CodeText(reason.Code) : "none"));
        duration.Record(elapsed.TotalSeconds);
    }
}
