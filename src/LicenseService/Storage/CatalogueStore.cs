using System.Text;
using ELicense.Core.Keys;
using ELicense.Core.Licenses;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The province's own licence-type definitions (DESIGN §12), one hash field per version
/// (<c>{code}:{version}</c>) holding the definition's catalogue JSON behind a seal under the KEK, so
/// a definition planted by someone who can write the store is ignored and never published or issued
/// under. Append-only: a version is written once (HSETNX) and never changed, because verifiers hold
/// it as published. Key: <c>elicense:{region}:catalogue</c>.
/// </summary>
public sealed class CatalogueStore(IDatabase database, string region, KeyProtector protector)
{
    private const string Purpose = "licence type definition";

    private RedisKey Key => $"elicense:{region}:catalogue";

    /// <summary>Every sealed definition, and how many stored values were ignored (unsealed or unreadable).</summary>
    public async Task<(IReadOnlyList<LicenceType> Types, int Ignored)> ReadAsync()
    {
        var entries = await database.HashGetAllAsync(Key).ConfigureAwait(false);
        var types = new List<LicenceType>(entries.Length);
        var ignored = 0;
        foreach (var entry in entries.OrderBy(e => (string)e.Name!, StringComparer.Ordinal))
        {
            if (Unseal(entry.Name!, entry.Value!) is { } type)
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
        var field = FieldOf(type);
        var json = CatalogueJson.WriteType(type);
        var value = protector.Seal(Purpose, Content(field, json)) + "\n" + Encoding.UTF8.GetString(json);
        if (await database.HashSetAsync(Key, field, value, When.NotExists).ConfigureAwait(false))
        {
            return (true, null);
        }

        var stored = await database.HashGetAsync(Key, field).ConfigureAwait(false);
        return (false, stored.HasValue ? Unseal(field, stored!) : null);
    }

    private static string FieldOf(LicenceType type) => $"{type.Code}:{type.Version}";

    // The region is sealed with the definition: a sealed value copied from another province's hash (a KEK shared by two) is refused.
    private byte[] Content(string field, byte[] json) => [.. Encoding.UTF8.GetBytes(region + "\n" + field + "\n"), .. json];

    private LicenceType? Unseal(string field, string value)
    {
        var split = value.IndexOf('\n', StringComparison.Ordinal);
        if (split < 0)
        {
            return null;
        }

        var json = Encoding.UTF8.GetBytes(value[(split + 1)..]);
        try
        {
            if (!protector.IsSealed(Purpose, Content(field, json), value[..split]))
            {
                return null;
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        return CatalogueJson.TryReadType(json, out var type, out _) && FieldOf(type!) == field
               && Core.Trust.CatalogueDocumentCodec.DefinitionProblem(type!, region) is null ? type : null;
    }
}
