using System.Collections.Frozen;

namespace ELicense.Core.Licenses;

/// <summary>
/// A set of licence-type definitions, every version of each (DESIGN §12). The national base ships as
/// data (<c>national-base.catalogue.json</c>, format in docs/catalogue.md and
/// docs/schemas/catalogue.schema.json); a province's catalogue is the national base plus its own types.
/// A type's key and code name each other in every version; a (code, version) is defined once. Immutable.
/// </summary>
public sealed class LicenceCatalogue
{
    private readonly FrozenDictionary<(string Code, int Version), LicenceType> byVersion;
    private readonly FrozenDictionary<string, LicenceType> newestByCode;
    private readonly FrozenDictionary<string, LicenceType> newestByKey;

    /// <exception cref="ArgumentException">Two definitions share a code and version, or a key and a code do not name each other.</exception>
    public LicenceCatalogue(IEnumerable<LicenceType> types)
    {
        All = types.ToArray();
        if (Conflict(All) is { } conflict)
        {
            throw new ArgumentException(conflict, nameof(types));
        }

        byVersion = All.ToFrozenDictionary(t => (t.Code, t.Version));
        var newest = All.GroupBy(t => t.Code).Select(g => g.MaxBy(t => t.Version)!).ToArray();
        newestByCode = newest.ToFrozenDictionary(t => t.Code);
        newestByKey = newest.ToFrozenDictionary(t => t.Key);
        Newest = [.. All.Where(t => newestByCode[t.Code] == t)];
        LongestValidity = All.Select(t => t.LongestValidity).Where(v => v is not null).Max();
    }

    /// <summary>The national base: the six types every province issues, read from the data file shipped with the code.</summary>
    public static LicenceCatalogue NationalBase { get; } = CatalogueJson.ReadNationalBase();

    /// <summary>Every definition, every version, in catalogue order.</summary>
    public IReadOnlyList<LicenceType> All { get; }

    /// <summary>The newest version of each type, in catalogue order.</summary>
    public IReadOnlyList<LicenceType> Newest { get; }

    /// <summary>The longest validity any definition allows; null when every type is permanent.</summary>
    public TimeSpan? LongestValidity { get; }

    /// <summary>The newest version of the type with this key (<c>id-card</c>) or type code, or null.</summary>
    public LicenceType? Find(string? keyOrCode)
        => keyOrCode is null ? null : newestByKey.TryGetValue(keyOrCode, out var type) ? type : FindByCode(keyOrCode);

    /// <summary>The newest version of the type with this GB/T 36904 type code, or null.</summary>
    public LicenceType? FindByCode(string? code) => code is not null && newestByCode.TryGetValue(code, out var type) ? type : null;

    /// <summary>Exactly this version of the type with this code, or null.</summary>
    public LicenceType? Find(string? code, int version) => code is not null && byVersion.TryGetValue((code, version), out var type) ? type : null;

    /// <summary>This catalogue with <paramref name="more"/> definitions added.</summary>
    /// <exception cref="ArgumentException">They conflict with this catalogue or with each other.</exception>
    public LicenceCatalogue With(IEnumerable<LicenceType> more) => new([.. All, .. more]);

    /// <summary>Why a set of definitions cannot form one catalogue; null when it can.</summary>
    public static string? Conflict(IReadOnlyList<LicenceType> types)
    {
        var versions = new HashSet<(string, int)>();
        var keyOfCode = new Dictionary<string, string>(StringComparer.Ordinal);
        var codeOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (!versions.Add((type.Code, type.Version)))
            {
                return $"{type} is defined twice.";
            }

            if (keyOfCode.TryGetValue(type.Code, out var key) && key != type.Key)
            {
                return $"Type code {type.Code} is named both '{key}' and '{type.Key}'.";
            }

            if (codeOfKey.TryGetValue(type.Key, out var code) && code != type.Code)
            {
                return $"Key '{type.Key}' names both {code} and {type.Code}.";
            }

            keyOfCode[type.Code] = type.Key;
            codeOfKey[type.Key] = type.Code;
        }

        return null;
    }
}
