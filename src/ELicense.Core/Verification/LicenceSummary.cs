using ELicense.Core.Encoding;

namespace ELicense.Core.Verification;

/// <summary>What a verdict shows of the licence: the signed content, with the type's names and field labels.</summary>
public sealed record LicenceSummary(
    string Kind,
    string Identifier,
    string TypeCode,
    int TypeVersion,
    string? TypeNameZh,
    string? TypeNameEn,
    string HolderName,
    string HolderIdType,
    string HolderIdNumber,
    IReadOnlyList<ShownField> Fields,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil)
{
    /// <param name="payload">The signed content.</param>
    /// <param name="type">The definition it was checked against (the signer's province's or the national base's); null when none was.</param>
    public static LicenceSummary From(LicencePayload payload, Licenses.LicenceType? type)
    {
        // Fields in the type's print order, then any the definition does not know, as given.
        var fields = new List<ShownField>(payload.Fields.Count);
        foreach (var definition in type?.Fields ?? [])
        {
            if (payload.Fields.TryGetValue(definition.Key, out var value))
            {
                fields.Add(new ShownField(definition.Key, definition.LabelZh, definition.NameEn, value));
            }
        }

        foreach (var (key, value) in payload.Fields)
        {
            if (type?.Field(key) is null)
            {
                fields.Add(new ShownField(key, key, key, value));
            }
        }

        return new LicenceSummary(
            payload.Kind == PayloadKind.Licence ? "licence" : "presentation",
            payload.Identifier, payload.TypeCode, payload.TypeVersion, type?.NameZh, type?.NameEn,
            payload.Holder.Name, payload.Holder.IdType, payload.Holder.IdNumber, fields,
            payload.IssuedAt, payload.ValidFrom, payload.ValidUntil);
    }
}

/// <summary>One field as a verdict shows it.</summary>
public sealed record ShownField(string Key, string LabelZh, string NameEn, string Value);

/// <summary>The issuer as a verdict shows it.</summary>
public sealed record IssuerSummary(string RegionCode, string? ProvinceZh, string? ProvinceEn, string Authority, string AuthorityCode);
