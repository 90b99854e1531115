namespace ELicense.Verifier.Verification;

/// <summary>
/// The usage trace of every verification (用证留痕): who asked, when, about which licence, why, and
/// what the answer was — as one structured log record (event <c>UsageTrace</c>) for the log
/// collector. Nothing of the licence's content but its identifier is written.
/// </summary>
public sealed partial class UsageTrace(ILogger<UsageTrace> logger)
{
    public void Record(string caller, string purpose, string? licence, string verdict, string? reason, DateTimeOffset at) =>
        Write(logger, caller, purpose, licence ?? "-", verdict, reason ?? "-", at);

    [LoggerMessage(EventId = 1000, EventName = "UsageTrace", Level = LogLevel.Information,
        Message = "Usage: {Caller} verified {Licence} for {Purpose} at {At:O}: {Verdict} {Reason}")]
    private static partial void Write(ILogger logger, string caller, string purpose, string licence, string verdict, string reason, DateTimeOffset at);
}
