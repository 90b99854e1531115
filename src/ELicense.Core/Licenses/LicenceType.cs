namespace ELicense.Core.Licenses;

/// <summary>One entry of the licence catalogue.</summary>
/// <param name="Key">The short name used in URLs and requests (<c>id-card</c>).</param>
/// <param name="Code">The GB/T 36904 licence-type code: the defining body's credit code plus three digits.</param>
/// <param name="NameZh">The Chinese name printed on the licence.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="HolderIdType">The identity document that names a holder of this type.</param>
/// <param name="LongestValidity">The longest validity a licence of the type may have; null when it may be permanent.
/// A document-signer certificate must outlive its signing period by this much (DESIGN §3).</param>
/// <param name="Fields">The type-specific fields, in print order.</param>
/// <param name="PresentedByDefault">The fields a citizen's presentation shows unless she chooses otherwise.</param>
public sealed record LicenceType(
    string Key,
    string Code,
    string NameZh,
    string NameEn,
    string HolderIdType,
    TimeSpan? LongestValidity,
    IReadOnlyList<FieldDefinition> Fields,
    IReadOnlyList<string> PresentedByDefault)
{
    /// <summary>The field with this key, or null.</summary>
    public FieldDefinition? Field(string key)
    {
        foreach (var field in Fields)
        {
            if (field.Key == key)
            {
                return field;
            }
        }

        return null;
    }
}
