namespace ELicense.Core.Status;

/// <summary>A licence's status as read from a verified status list, and how current that list is.</summary>
/// <param name="Status">The status at the index.</param>
/// <param name="IssuedAt">The list's <c>iat</c>.</param>
/// <param name="ExpiresAt">The list's <c>exp</c>: after it the status no longer counts as known.</param>
public sealed record StatusEvidence(LicenceStatus Status, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
