namespace ELicense.Core.Licenses;

/// <summary>One field of a licence type: its key in the payload, its labels and its rule.</summary>
/// <param name="Key">The key in the payload and the API (short, camelCase, stable).</param>
/// <param name="LabelZh">The label printed on the licence.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Kind">The value type and format rule.</param>
/// <param name="Required">Whether every licence of the type must carry it.</param>
/// <param name="MaxLength">The longest text accepted, in characters.</param>
/// <param name="Choices">The allowed values of a <see cref="FieldKind.Choice"/> field.</param>
public sealed record FieldDefinition(
    string Key,
    string LabelZh,
    string NameEn,
    FieldKind Kind,
    bool Required = true,
    int MaxLength = 64,
    IReadOnlyList<string>? Choices = null);
