namespace ELicense.Core.Licenses;

/// <summary>
/// The catalogues a verifier holds, one per province, each verified to that province's trust-list
/// signer (DESIGN §12, §13): a licence's definition is looked up in the catalogue of its signer's
/// province, then in the national base this code ships; a province's catalogue never speaks for
/// another. Immutable.
/// </summary>
public sealed class ProvinceCatalogues(IReadOnlyDictionary<string, LicenceCatalogue> byProvince)
{
    /// <summary>No province catalogue: the national base only.</summary>
    public static readonly ProvinceCatalogues NationalOnly = new(new Dictionary<string, LicenceCatalogue>());

    /// <summary>The provinces with a catalogue of their own.</summary>
    public IReadOnlyCollection<string> Provinces => byProvince.Keys.ToArray();

    /// <summary>The catalogue of a province; null when none is held.</summary>
    public LicenceCatalogue? For(string province) => byProvince.GetValueOrDefault(province);

    /// <summary>The definition of <paramref name="code"/> at <paramref name="version"/> for a licence signed in <paramref name="province"/>:
    /// the province's, else the national base's; null when neither defines it.</summary>
    public LicenceType? Find(string? province, string code, int version)
        => (province is not null && byProvince.TryGetValue(province, out var own) ? own.Find(code, version) : null)
           ?? LicenceCatalogue.NationalBase.Find(code, version);
}
