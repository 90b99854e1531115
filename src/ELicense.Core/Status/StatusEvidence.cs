namespace ELicense.Core.Status;

/// <summary>A licence's status as read from a verified status list, and how current that list is.</summary>
/// <param name="Status">The status at the index.</param>
/// <param name="IssuedAt">The list's <c>iat</c>.</param>
/// <param name="ExpiresAt">The list's <c>exp</c>: after it the status no longer counts as known.</param>
/// <param name="SignerCertificate">The DER certificate of the list's signer; the status stage admits it again against the
/// trust material of the verification, so a list whose signer was revoked since it was fetched no longer counts. Null only
/// for evidence a caller asserts itself (tests, benchmarks), which is taken as given.</param>
/// <param name="SignerKid">The kid of that certificate.</param>
public sealed record StatusEvidence(LicenceStatus Status, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, byte[]? SignerCertificate = null, byte[]? SignerKid = null);
