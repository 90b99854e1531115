using System.Text.Json;
using System.Text.Json.Serialization;

namespace ELicense.LicenseService.Storage;

/// <summary>Source-generated JSON for what the store keeps.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LicenceRecord))]
[JsonSerializable(typeof(StatusAuditRecord))]
[JsonSerializable(typeof(StoredKey))]
[JsonSerializable(typeof(KeyAuditRecord))]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(ReissueJob))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
