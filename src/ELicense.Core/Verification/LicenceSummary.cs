using ELicense.Core.Encoding;

namespace ELicense.Core.Verification;

/// <summary>What a verdict shows of the licence: the signed content, with the type's names and field labels.</summary>
public sealed record LicenceSummary(
    string Kind,
    string Identifier,
    string TypeCode,
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
    public static LicenceSummary From(LicencePayload payload)
    {
        var type = Licenses.LicenceCatalogue.FindByCode(payload.TypeCode);
        var fields = payload.Fields
            .Select(f => (Field: f, Definition: type?.Field(f.Key)))
            .OrderBy(f => f.Definition is null ? int.MaxValue : type!.Fields.ToList().IndexOf(f.Definition))
            .Select(f => new ShownField(f.Field.Key, f.Definition?.LabelZh ?? f.Field.Key, f.Definition?.NameEn ?? f.Field.Key, f.Field.Value))
            .ToList();
        return new LicenceSummary(
            payload.Kind == PayloadKind.Licence ? "licence" : "presentation",
            payload.Identifier, payload.TypeCode, type?.NameZh, type?.NameEn,
            payload.Holder.Name, payload.Holder.IdType, payload.Holder.IdNumber, fields,
            payload.IssuedAt, payload.ValidFrom, payload.ValidUntil);
    }
}

/// <summary>One field as a verdict shows it.</summary>
public sealed record ShownField(string Key, string LabelZh, string NameEn, string Value);

/// <summary>The issuer as a verdict shows it.</summary>
public sealed record IssuerSummary(string RegionCode, string? ProvinceZh, string? ProvinceEn, string Authority, string AuthorityCode);
