namespace ELicense.Verifier.Trust;

/// <summary>How the last fetch of a province's trust list went.</summary>
/// <param name="LastAttemptAt">When it was last tried; null before the first try.</param>
/// <param name="LastSuccessAt">When a list (or 304 Not Modified) last came back and was taken.</param>
/// <param name="LastError">Why the last try failed; null when it succeeded. May name hosts: shown to administrators only.</param>
/// <param name="ETag">The ETag of the list held, for a conditional request.</param>
/// <param name="Failure">What kind of failure the last try had, for callers who may not see <paramref name="LastError"/>.</param>
public sealed record ProvinceSyncState(DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, string? LastError, string? ETag, SyncFailure? Failure = null)
{
    public static readonly ProvinceSyncState Never = new(null, null, null, null);
}

/// <summary>The kinds of failure of a trust-list fetch.</summary>
public enum SyncFailure
{
    /// <summary>The province could not be reached, answered an error, redirected or sent too much.</summary>
    Unreachable,

    /// <summary>The list came back but was refused (signature, signer, dates, older than the one held, or un-revoking a revoked key).</summary>
    Refused,

    /// <summary>The list was taken but could not be written to the cache folder.</summary>
    Cache,
}
