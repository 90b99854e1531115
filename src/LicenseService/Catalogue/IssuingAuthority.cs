using System.Text.Json.Serialization;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;

namespace ELicense.LicenseService.Catalogue;

/// <summary>
/// One issuing authority of the province (DESIGN §12): a public-security bureau, a district civil-affairs bureau, a city
/// market-regulation bureau. Its name and seal are on the licences it issues, its credit code is inside their GB/T 36904
/// identifiers, and its region is the licences' issuer region.
/// </summary>
/// <param name="Code">Its unified social credit code (GB 32100, check character checked).</param>
/// <param name="Name">Its name as printed under 发证机关 (2–60 characters).</param>
/// <param name="Region">Its GB/T 2260 region: the province itself, or a city or district under it.</param>
/// <param name="Parent">The credit code of the authority it belongs to, when registered; null for none.</param>
/// <param name="Seal">The text of its seal; the name and 电子证照专用章 when null.</param>
public sealed record IssuingAuthority(string Code, string Name, string Region, string? Parent = null, AuthoritySeal? Seal = null)
{
    /// <summary>The ring text of the seal.</summary>
    [JsonIgnore]
    public string SealRing => Seal?.Ring ?? Name;

    /// <summary>The centre text of the seal.</summary>
    [JsonIgnore]
    public string SealCentre => Seal?.Centre ?? "电子证照专用章";

    /// <summary>The issuer a licence of this authority names.</summary>
    public Issuer AsIssuer() => new(Region, Name, Code);

    /// <summary>Every reason this authority cannot be registered in <paramref name="province"/> beside <paramref name="registered"/>.</summary>
    public List<FieldError> Problems(string province, IReadOnlyDictionary<string, IssuingAuthority> registered)
    {
        var errors = new List<FieldError>();
        if (Code is not { Length: UnifiedSocialCreditCode.Length } || !UnifiedSocialCreditCode.TryComputeCheck(Code.AsSpan(0, 17), out var check))
        {
            errors.Add(FieldErrors.Format("code", "an 18-character unified social credit code", "18 位统一社会信用代码"));
        }
        else if (Code[17] != check)
        {
            errors.Add(FieldErrors.CheckCharacter("code", "GB 32100"));
        }

        Text("name", Name, 2, 60, errors);
        if (!RegionCode.IsValid(Region ?? ""))
        {
            errors.Add(FieldErrors.Format("region", "a six-digit GB/T 2260 region code", "六位 GB/T 2260 行政区划代码"));
        }
        else if (RegionCode.ProvinceOf(Region!) != province)
        {
            errors.Add(new FieldError("region", "outside_province", $"Region {Region} is not in province {province}.", $"行政区划 {Region} 不在本省（{province}）。"));
        }

        if (Parent is not null && (!registered.TryGetValue(Parent, out var parent) || Parent == Code))
        {
            errors.Add(new FieldError("parent", "unknown", "The parent authority is not registered.", "上级机关未登记。"));
        }

        // The seal is always drawn: its ring (the name unless given) and centre must fit it.
        if (!string.IsNullOrWhiteSpace(Name))
        {
            Text("seal.ring", SealRing, 2, 40, errors);
        }

        Text("seal.centre", SealCentre, 1, 12, errors);

        return errors;
    }

    private static void Text(string path, string? value, int min, int max, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(FieldErrors.Required(path, path));
        }
        else if (value.Length < min || LicenceContentValidator.CheckValue(path, new FieldDefinition(path, path, path, FieldKind.Text, MaxLength: max), value) is not null)
        {
            errors.Add(FieldErrors.Format(path, $"{min} to {max} characters without control characters or surrounding spaces", $"{min} 至 {max} 个字符，不含控制字符且首尾无空格"));
        }
    }
}

/// <summary>The text of an authority's seal: the ring (its name) and the centre (电子证照专用章).</summary>
public sealed record AuthoritySeal(string? Ring, string? Centre);
