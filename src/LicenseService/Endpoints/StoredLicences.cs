using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Endpoints;

/// <summary>A stored licence with its decoded content and type, as the endpoints that act on one licence need it.</summary>
public sealed record StoredLicence(LicenceRecord Record, LicencePayload Payload, LicenceType Type)
{
    /// <summary>The licence with this identifier, or null (also for identifiers too long to be one).</summary>
    public static async Task<StoredLicence?> FindAsync(IssuanceStore store, string id)
    {
        var record = id.Length <= LicenceIdentifier.MaxLength ? await store.Licences.FindAsync(id) : null;
        return record is not null && QrPayloadCodec.TryDecode(record.Qr, DecodeLimits.Default, out var decoded, out _)
            ? new StoredLicence(record, decoded!.Payload, LicenceCatalogue.Find(record.Type)!)
            : null;
    }
}
