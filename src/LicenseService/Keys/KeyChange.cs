using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Keys;

/// <summary>Key records to write and remove in one commit, and what the audit log says about it.</summary>
public sealed record KeyChange(IReadOnlyList<StoredKey> Writes, IReadOnlyList<string> Removals, IReadOnlyList<KeyAuditRecord> Audit)
{
    public static readonly KeyChange None = new([], [], []);

    public bool IsEmpty => Writes.Count == 0 && Removals.Count == 0;
}
