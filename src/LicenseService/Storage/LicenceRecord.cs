namespace ELicense.LicenseService.Storage;

/// <summary>
/// A licence as stored: its signed QR text (which carries every field, so nothing is stored twice)
/// and what the service needs besides. A re-issued licence is a new record (the next GB/T 36904
/// version) and the old one names it in <see cref="SupersededBy"/>; readers follow that link.
/// </summary>
/// <param name="Id">The GB/T 36904 identifier.</param>
/// <param name="Type">The catalogue key of its type.</param>
/// <param name="Qr">The signed <c>ELC1:</c> payload.</param>
/// <param name="RequestHash">SHA-256 of the canonical issue request, to tell a retry from a different request under one idempotency key.</param>
/// <param name="IssuedBy">The subject of the token that issued it.</param>
/// <param name="HolderKey">The holder's pseudonymous key (see <see cref="HolderKeys"/>).</param>
/// <param name="IssuedAt">When it was signed.</param>
public sealed record LicenceRecord(string Id, string Type, string Qr, string RequestHash, string IssuedBy, string HolderKey, DateTimeOffset IssuedAt)
{
    /// <summary>The kid (lower-case hex) of the key that signed <see cref="Qr"/>, for the index a re-issue walks.</summary>
    public string? SignedBy { get; init; }

    /// <summary>The identifier of the next version, once this one was re-issued (after its key was compromised).</summary>
    public string? SupersededBy { get; init; }

    /// <summary>The identifier of the version this one replaces.</summary>
    public string? Supersedes { get; init; }

    /// <summary>The service's seal over the record (see <c>LicenceSeal</c>); records of earlier versions have none.</summary>
    public string? Seal { get; init; }
}
