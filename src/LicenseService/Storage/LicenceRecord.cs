namespace ELicense.LicenseService.Storage;

/// <summary>
/// A licence as stored: its signed QR text (which carries every field, so nothing is stored twice)
/// and what the service needs besides.
/// </summary>
/// <param name="Id">The GB/T 36904 identifier.</param>
/// <param name="Type">The catalogue key of its type.</param>
/// <param name="Qr">The signed <c>ELC1:</c> payload.</param>
/// <param name="RequestHash">SHA-256 of the canonical issue request, to tell a retry from a different request under one idempotency key.</param>
/// <param name="IssuedBy">The subject of the token that issued it.</param>
/// <param name="HolderKey">The holder's pseudonymous key (see <see cref="HolderKeys"/>).</param>
/// <param name="IssuedAt">When it was signed.</param>
public sealed record LicenceRecord(string Id, string Type, string Qr, string RequestHash, string IssuedBy, string HolderKey, DateTimeOffset IssuedAt);
