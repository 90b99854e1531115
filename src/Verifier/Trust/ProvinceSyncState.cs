namespace ELicense.Verifier.Trust;

/// <summary>How the last fetch of a province's trust list went.</summary>
/// <param name="LastAttemptAt">When it was last tried; null before the first try.</param>
/// <param name="LastSuccessAt">When a list (or 304 Not Modified) last came back and was taken.</param>
/// <param name="LastError">Why the last try failed; null when it succeeded.</param>
/// <param name="ETag">The ETag of the list held, for a conditional request.</param>
public sealed record ProvinceSyncState(DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, string? LastError, string? ETag)
{
    public static readonly ProvinceSyncState Never = new(null, null, null, null);
}
