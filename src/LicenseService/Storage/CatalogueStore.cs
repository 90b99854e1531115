using ELicense.Core.Keys;
using ELicense.Core.Licenses;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The province's own licence-type definitions (DESIGN §12), one hash field per version (<c>{code}:{version}</c>) holding
/// the definition's catalogue JSON behind a seal (<see cref="SealedHash"/>), so that a definition planted by someone who can
/// write the store is ignored and never published or issued under. Append-only: a version is written once and never
/// changed, because verifiers hold it as published. Key: <c>elicense:{region}:catalogue</c>.
/// </summary>
public sealed class CatalogueStore(IDatabase database, string region, KeyProtector protector)
{
    private readonly SealedHash hash = new(database, $"elicense:{region}:catalogue", region, "licence type definition", protector);

    /// <summary>Every sealed definition the province may publish, and how many stored values were ignored.</summary>
    public async Task<(IReadOnlyList<LicenceType> Types, int Ignored)> ReadAsync()
    {
        var (values, ignored) = await hash.ReadAsync().ConfigureAwait(false);
        var types = new List<LicenceType>(values.Count);
        foreach (var (field, json) in values)
        {
            if (Read(field, json) is { } type)
            {
                types.Add(type);
            }
            else
            {
                ignored++;
            }
        }

        return (types, ignored);
    }

    /// <summary>Writes a version if none is stored under its code and version; returns the one stored before otherwise (null: written now, or unreadable).</summary>
    public async Task<(bool Written, LicenceType? Existing)> AddAsync(LicenceType type)
    {
        var (written, existing) = await hash.AddAsync(FieldOf(type), CatalogueJson.WriteType(type)).ConfigureAwait(false);
        return (written, existing is null ? null : Read(FieldOf(type), existing));
    }

    private static string FieldOf(LicenceType type) => $"{type.Code}:{type.Version}";

    private LicenceType? Read(string field, byte[] json)
        => CatalogueJson.TryReadType(json, out var type, out _) && FieldOf(type) == field
           && Core.Trust.CatalogueDocumentCodec.DefinitionProblem(type, region) is null ? type : null;
}
