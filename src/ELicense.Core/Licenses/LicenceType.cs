namespace ELicense.Core.Licenses;

/// <summary>One version of a licence type as the catalogue defines it (DESIGN §12): data, read from a catalogue file
/// or document (<see cref="CatalogueJson"/>), never compiled in.</summary>
/// <param name="Key">The short name used in URLs and requests (<c>id-card</c>); the same for every version of a type.</param>
/// <param name="Code">The GB/T 36904 licence-type code: the defining body's credit code plus three digits.</param>
/// <param name="Version">The definition's version, from 1; a licence carries the version it was issued under.</param>
/// <param name="NameZh">The Chinese name printed on the licence.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="HolderIdType">The identity document that names a holder of this type.</param>
/// <param name="LongestValidity">The longest validity a licence of the type may have; null when it may be permanent.
/// A document-signer certificate must outlive its signing period by this much (DESIGN §3).</param>
/// <param name="Fields">The type-specific fields, in print order.</param>
/// <param name="PresentedByDefault">The fields a citizen's presentation shows unless she chooses otherwise.</param>
/// <param name="Layout">What the printed licence needs: title, accent colour, the holder's labels.</param>
public sealed record LicenceType(
    string Key,
    string Code,
    int Version,
    string NameZh,
    string NameEn,
    string HolderIdType,
    TimeSpan? LongestValidity,
    IReadOnlyList<FieldDefinition> Fields,
    IReadOnlyList<string> PresentedByDefault,
    LicenceLayoutHints Layout)
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

    /// <summary>The definition's identity: type code and version (<c>11100000000013338W001 v1</c>).</summary>
    public override string ToString() => $"{Code} v{Version}";
}

/// <summary>The few layout hints a printed licence takes from its type.</summary>
/// <param name="Title">The title printed at the top; the type's Chinese name when null.</param>
/// <param name="Accent">The frame and title colour, <c>#RRGGBB</c>.</param>
/// <param name="HolderNameLabel">The label of the holder's name (姓名, 名称, 权利人…).</param>
/// <param name="HolderIdLabel">The label of the holder's identity number (公民身份号码, 统一社会信用代码…).</param>
public sealed record LicenceLayoutHints(string? Title, string Accent, string HolderNameLabel, string HolderIdLabel);
