using ELicense.Core.Licenses;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Catalogue;

/// <summary>
/// The licence types this province issues (DESIGN §12): the national base shipped as data plus the
/// province's own definitions from <see cref="CatalogueStore"/>. Every replica reads the store at most
/// every <see cref="RefreshInterval"/> (and at once after its own addition, or when asked for a type it
/// does not know yet). Adding checks the definition, that its type code is a body of this province's
/// (the national base is not redefined here), that a new version follows the newest, and that a
/// stored version is never changed.
/// </summary>
public sealed class ProvinceCatalogue(CatalogueStore store, AuditLog audit, IOptions<ProvinceOptions> province, TimeProvider time, ILogger<ProvinceCatalogue> logger)
    : IKeyLifecycle
{
    /// <summary>How old the catalogue a replica works from may be.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>The least time between two reads of the store, even when a fresh catalogue is asked for.</summary>
    public static readonly TimeSpan MinimumFreshInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Loaded? loaded;

    /// <summary>The catalogue, read again when older than <see cref="RefreshInterval"/> or when <paramref name="fresh"/>.</summary>
    public async Task<LicenceCatalogue> GetAsync(bool fresh = false)
    {
        var now = time.GetUtcNow();
        if (!fresh && loaded is { } current && now - current.At < RefreshInterval)
        {
            return current.Catalogue;
        }

        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // A fresh read at most once a second: a caller naming unknown types cannot make every request re-read the store.
            if (loaded is { } again && now - again.At < (fresh ? MinimumFreshInterval : RefreshInterval))
            {
                return again.Catalogue;
            }

            var (types, ignored) = await store.ReadAsync().ConfigureAwait(false);
            if (ignored > 0)
            {
                logger.LogError("{Count} licence-type definitions in the store carry no seal of this service and are ignored", ignored);
            }

            var usable = new List<LicenceType>(types.Count);
            foreach (var type in types)
            {
                // A definition that would conflict (stored by hand, or by a service of another release) is left out, never issued under.
                if (LicenceCatalogue.Conflict([.. LicenceCatalogue.NationalBase.All, .. usable, type]) is { } conflict)
                {
                    logger.LogError("Licence-type definition {Type} in the store is ignored: {Conflict}", type.ToString(), conflict);
                    continue;
                }

                usable.Add(type);
            }

            var catalogue = LicenceCatalogue.NationalBase.With(usable);
            loaded = new Loaded(catalogue, usable.Count, now);
            return catalogue;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The longest validity any type allows, as of the catalogue last read (the national base's before the first read).</summary>
    public TimeSpan LongestValidity => (loaded?.Catalogue ?? LicenceCatalogue.NationalBase).LongestValidity ?? TimeSpan.Zero;

    /// <summary>
    /// The configured key lifecycle, its longest licence validity lengthened to the catalogue's: a type with a longer
    /// validity than any before makes new document-signer certificates last longer, and keeps retired keys published longer.
    /// </summary>
    public Core.Keys.KeyLifecycleOptions Lifecycle(Core.Keys.KeyLifecycleOptions configured)
        => LongestValidity > configured.LongestLicenceValidity ? configured with { LongestLicenceValidity = LongestValidity } : configured;

    Task IKeyLifecycle.RefreshAsync() => GetAsync();

    /// <summary>How many definitions the province has added (the published catalogue's sequence), as of the catalogue last read.</summary>
    public long Sequence => loaded?.ProvinceTypes ?? 0;

    /// <summary>Adds a type or a version of one; every reason it cannot be added, or whether it was new.</summary>
    public async Task<(bool Created, IReadOnlyList<FieldError> Errors)> AddAsync(LicenceType type, string by)
    {
        var catalogue = await GetAsync(fresh: true).ConfigureAwait(false);
        var errors = Problems(type, catalogue);
        if (errors.Count == 0 && catalogue.Find(type.Code, type.Version) is null && TooLarge(catalogue, type) is { } full)
        {
            errors.Add(full);
        }

        if (errors.Count > 0)
        {
            return (false, errors);
        }

        if (catalogue.Find(type.Code, type.Version) is null)
        {
            var (written, existing) = await store.AddAsync(type).ConfigureAwait(false);
            if (!written && (existing is null || !CatalogueJson.SameDefinition(existing, type)))
            {
                return (false, [Immutable(type)]);
            }

            await audit.AppendAsync(new AuditRecord(time.GetUtcNow(), by, "catalogue-type-added", type.ToString(), type.Key)).ConfigureAwait(false);
            loaded = null;
            await GetAsync().ConfigureAwait(false);
            return (written, []);
        }

        return (false, []);
    }

    private List<FieldError> Problems(LicenceType type, LicenceCatalogue catalogue)
    {
        var errors = new List<FieldError>();
        var region = province.Value.RegionCode;
        if (LicenceCatalogue.NationalBase.FindByCode(type.Code) is not null)
        {
            errors.Add(new FieldError("code", "national", $"{type.Code} is a national type; a province adds types of its own.", $"{type.Code} 是全国统一证照类型，省级只能新增本省类型。"));
        }
        else if (Core.Trust.CatalogueDocumentCodec.DefinitionProblem(type, region) is not null)
        {
            errors.Add(new FieldError("code", "region", $"The type code must be under the credit code of a body of province {region}.",
                $"证照类型代码应以本省（{region}）机构的统一社会信用代码开头。"));
        }

        if (catalogue.Find(type.Code, type.Version) is { } stored)
        {
            if (!CatalogueJson.SameDefinition(stored, type))
            {
                errors.Add(Immutable(type));
            }

            return errors;
        }

        var newest = catalogue.FindByCode(type.Code);
        if (type.Version != (newest?.Version ?? 0) + 1)
        {
            errors.Add(new FieldError("version", "sequence", $"The next version of {type.Code} is {(newest?.Version ?? 0) + 1}.",
                $"{type.Code} 的下一个版本应为第 {(newest?.Version ?? 0) + 1} 版。"));
        }

        if (newest is not null && newest.Key != type.Key)
        {
            errors.Add(new FieldError("key", "conflict", $"{type.Code} is named '{newest.Key}'.", $"{type.Code} 的简称是“{newest.Key}”。"));
        }
        else if (newest is null && catalogue.Find(type.Key) is { } other)
        {
            errors.Add(new FieldError("key", "conflict", $"'{type.Key}' already names {other.Code}.", $"简称“{type.Key}”已被 {other.Code} 使用。"));
        }

        return errors;
    }

    /// <summary>Why the catalogue with <paramref name="type"/> would be more than verifiers accept; null when it fits.</summary>
    private static FieldError? TooLarge(LicenceCatalogue catalogue, LicenceType type)
    {
        var all = catalogue.All.Append(type).ToList();
        var patterned = all.Count(t => t.Fields.Any(f => f.Pattern is not null));
        return all.Count > CatalogueJson.MaxTypes || patterned > Core.Trust.CatalogueDocumentCodec.MaxPatternedTypes
               || CatalogueJson.Write(all).Length > CatalogueJson.MaxBytes
            ? new FieldError("", "catalogue_full", $"With this definition the catalogue would exceed what verifiers accept ({CatalogueJson.MaxTypes} definitions, "
                + $"{Core.Trust.CatalogueDocumentCodec.MaxPatternedTypes} with patterns, {CatalogueJson.MaxBytes} bytes).", "加入该定义后目录将超出核验端可接受的规模。")
            : null;
    }

    private static FieldError Immutable(LicenceType type) => new("version", "immutable",
        $"{type} is published and may be in use; it never changes. Add version {type.Version + 1} instead.",
        $"{type.Code} 第 {type.Version} 版已发布，可能已有证照使用，不能修改；请新增下一个版本。");

    private sealed record Loaded(LicenceCatalogue Catalogue, long ProvinceTypes, DateTimeOffset At);
}
