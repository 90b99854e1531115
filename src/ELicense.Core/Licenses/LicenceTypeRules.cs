using System.Text.RegularExpressions;
using ELicense.Core.Identifiers;

namespace ELicense.Core.Licenses;

/// <summary>
/// What a licence-type definition must satisfy before anything is issued or verified under it
/// (docs/catalogue.md): a GB/T 36904 type code, names in both languages, a known holder document,
/// fields with unique keys, known kinds, choices for a choice field, lengths and patterns that stay
/// inside the QR budget and run in linear time, and presentation defaults that name its fields.
/// </summary>
internal static partial class LicenceTypeRules
{
    public const int MaxFields = 40;
    public const int MaxFieldLength = 200;
    public const int MaxVersion = 999;
    public const int MaxValidityDays = 36_600;

    private static readonly Dictionary<string, FieldKind> Kinds = new(StringComparer.Ordinal)
    {
        ["text"] = FieldKind.Text, ["date"] = FieldKind.Date, ["citizen-id-number"] = FieldKind.CitizenIdNumber,
        ["credit-code"] = FieldKind.CreditCode, ["region-code"] = FieldKind.RegionCode, ["choice"] = FieldKind.Choice, ["decimal"] = FieldKind.Decimal,
    };

    public static LicenceType? Check(LicenceTypeJson dto, string prefix, List<FieldError> errors)
    {
        var before = errors.Count;
        Require(dto.Key is not null && TypeKey().IsMatch(dto.Key), prefix + "key", "a short name of lower-case letters, digits and hyphens (2 to 40)", "2 至 40 位小写字母、数字或连字符", errors);
        if (dto.Code is null || !LicenceIdentifier.IsValidTypeCode(dto.Code))
        {
            errors.Add(dto.Code is { Length: 21 } && UnifiedSocialCreditCode.TryComputeCheck(dto.Code.AsSpan(0, 17), out var check) && dto.Code[17] != check
                ? FieldErrors.CheckCharacter(prefix + "code", "GB 32100")
                : FieldErrors.Format(prefix + "code", "a GB/T 36904 type code: the defining body's credit code and three digits", "GB/T 36904 证照类型代码：定义机构统一社会信用代码加三位数字"));
        }

        Require(dto.Version is >= 1 and <= MaxVersion, prefix + "version", $"a version from 1 to {MaxVersion}", $"1 至 {MaxVersion} 的版本号", errors);
        CheckNames(dto.Name, prefix + "name", 40, errors);
        var holder = dto.Holder;
        Require(holder?.IdType is { } idType && HolderIdType.All.Contains(idType), prefix + "holder.idType",
            "one of " + string.Join(", ", HolderIdType.All), "以下之一：" + string.Join("、", HolderIdType.All), errors);
        CheckLabel(holder?.NameLabel, prefix + "holder.nameLabel", 20, errors);
        CheckLabel(holder?.IdLabel, prefix + "holder.idLabel", 20, errors);
        Require(dto.LongestValidityDays is null or >= 1 and <= MaxValidityDays, prefix + "longestValidityDays",
            $"a number of days from 1 to {MaxValidityDays}, or absent for a permanent licence", $"1 至 {MaxValidityDays} 天，永久有效则省略", errors);
        Require(dto.Layout?.Accent is { } accent && Colour().IsMatch(accent), prefix + "layout.accent", "a colour written #RRGGBB", "#RRGGBB 格式的颜色", errors);
        if (dto.Layout?.Title is { } title)
        {
            CheckLabel(title, prefix + "layout.title", 30, errors);
        }

        var fields = CheckFields(dto, prefix, errors);
        var shown = dto.PresentedByDefault ?? [];
        for (var i = 0; i < shown.Count; i++)
        {
            if (fields.Find(f => f.Key == shown[i]) is not { } field || field.Mask == FieldMask.Hidden || shown.Take(i).Contains(shown[i]))
            {
                errors.Add(new FieldError($"{prefix}presentedByDefault[{i}]", "unknown",
                    $"'{shown[i]}' is not a field a presentation can show, or is listed twice.", $"“{shown[i]}”不是可出示的字段或重复列出。"));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new LicenceType(dto.Key!, dto.Code!, dto.Version!.Value, dto.Name!.Zh!, dto.Name.En!, holder!.IdType!,
            dto.LongestValidityDays is { } days ? TimeSpan.FromDays(days) : null, fields, [.. shown],
            new LicenceLayoutHints(dto.Layout!.Title, dto.Layout.Accent!.ToUpperInvariant(), holder.NameLabel!, holder.IdLabel!));
    }

    public static LicenceTypeJson ToJson(LicenceType type) => new(
        type.Key, type.Code, type.Version, new Names(type.NameZh, type.NameEn),
        new HolderJson(type.HolderIdType, type.Layout.HolderNameLabel, type.Layout.HolderIdLabel),
        type.LongestValidity is { } longest ? (int)longest.TotalDays : null,
        [.. type.Fields.Select(f => new FieldJson(
            f.Key, new Names(f.LabelZh, f.NameEn), Kinds.First(k => k.Value == f.Kind).Key, f.Required ? null : false,
            f.MaxLength == 64 ? null : f.MaxLength, f.Choices, f.Pattern, f.Mask == FieldMask.Hidden ? "hidden" : null, f.HolderIdAgreement))],
        type.PresentedByDefault, new LayoutJson(type.Layout.Title, type.Layout.Accent));

    private static List<FieldDefinition> CheckFields(LicenceTypeJson dto, string prefix, List<FieldError> errors)
    {
        var result = new List<FieldDefinition>();
        var fields = dto.Fields ?? [];
        if (fields.Count > MaxFields)
        {
            errors.Add(new FieldError(prefix + "fields", "too_long", $"A type has at most {MaxFields} fields.", $"一个证照类型最多 {MaxFields} 个字段。"));
            return result;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var at = $"{prefix}fields[{i}].";
            var field = fields[i];
            var before = errors.Count;
            if (field.Key is null || !FieldKey().IsMatch(field.Key))
            {
                errors.Add(FieldErrors.Format(at + "key", "a camelCase key of letters and digits (1 to 30)", "1 至 30 位字母或数字（camelCase）"));
            }
            else if (!keys.Add(field.Key))
            {
                errors.Add(new FieldError(at + "key", "duplicate", $"Field key '{field.Key}' is used twice.", $"字段键“{field.Key}”重复。"));
            }

            CheckNames(field.Label, at + "label", 40, errors);
            var known = Kinds.TryGetValue(field.Kind ?? "", out var kind);
            if (!known)
            {
                errors.Add(FieldErrors.Choice(at + "kind", [.. Kinds.Keys]));
            }

            var maxLength = field.MaxLength ?? 64;
            Require(maxLength is >= 1 and <= MaxFieldLength, at + "maxLength", $"a length from 1 to {MaxFieldLength}", $"1 至 {MaxFieldLength} 的长度", errors);
            CheckChoices(field, kind, known, maxLength, at, errors);
            CheckPattern(field, kind, at, errors);
            Require(field.Mask is null or "hidden", at + "mask", "'hidden' or absent", "“hidden”或省略", errors);
            CheckAgreement(field, kind, dto.Holder?.IdType, at, errors);
            if (errors.Count == before)
            {
                result.Add(new FieldDefinition(field.Key!, field.Label!.Zh!, field.Label.En!, kind, field.Required ?? true, maxLength,
                    field.Choices is null ? null : [.. field.Choices], field.Pattern, field.Mask == "hidden" ? FieldMask.Hidden : FieldMask.None,
                    field.HolderIdAgreement));
            }
        }

        return result;
    }

    private static void CheckChoices(FieldJson field, FieldKind kind, bool known, int maxLength, string at, List<FieldError> errors)
    {
        if (known && kind == FieldKind.Choice)
        {
            var choices = field.Choices ?? [];
            Require(choices.Count is >= 1 and <= 100 && choices.Distinct(StringComparer.Ordinal).Count() == choices.Count
                    && choices.All(c => c.Length >= 1 && c.Length <= maxLength && c == c.Trim()),
                at + "choices", "1 to 100 different values, each within the field's length", "1 至 100 个互不相同且不超过字段长度的取值", errors);
        }
        else if (field.Choices is not null)
        {
            errors.Add(new FieldError(at + "choices", "unexpected", "Only a choice field lists choices.", "只有选项字段可以列出取值。"));
        }
    }

    private static void CheckPattern(FieldJson field, FieldKind kind, string at, List<FieldError> errors)
    {
        if (field.Pattern is null)
        {
            return;
        }

        if (kind != FieldKind.Text || field.Pattern.Length > 200)
        {
            errors.Add(new FieldError(at + "pattern", "unexpected", "Only a text field has a pattern, of at most 200 characters.", "只有文本字段可以有格式规则，且不超过 200 个字符。"));
            return;
        }

        try
        {
            _ = FieldDefinition.Compile(field.Pattern);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            errors.Add(FieldErrors.Format(at + "pattern",
                "a regular expression of literals, ASCII classes ([0-9], [A-Z]) and at most 16 repeats of at most 64, without quantified groups, backreferences or lookarounds",
                "仅含字面字符、ASCII 字符类（如 [0-9]）且重复不超过 16 处、每处不超过 64 次的正则表达式，不含对分组的重复、反向引用或环视"));
        }
    }

    private static void CheckAgreement(FieldJson field, FieldKind kind, string? holderIdType, string at, List<FieldError> errors)
    {
        var agreement = field.HolderIdAgreement;
        if (agreement is null)
        {
            return;
        }

        var fits = holderIdType == HolderIdType.CitizenId
                   && ((agreement == HolderIdAgreements.BirthDate && kind == FieldKind.Date)
                       || (agreement == HolderIdAgreements.Sex && kind == FieldKind.Choice && field.Choices is ["男", "女"] or ["女", "男"]));
        Require(fits, at + "holderIdAgreement", "'birth-date' on a date field or 'sex' on a 男/女 choice, of a type whose holder is a citizen",
            "公民持证类型的日期字段“birth-date”或男/女选项字段“sex”", errors);
    }

    private static void CheckNames(Names? names, string path, int max, List<FieldError> errors)
    {
        CheckLabel(names?.Zh, path + ".zh", max, errors);
        CheckLabel(names?.En, path + ".en", max * 2, errors);
    }

    private static void CheckLabel(string? value, string path, int max, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(FieldErrors.Required(path, path));
        }
        else if (LicenceContentValidator.CheckValue(path, new FieldDefinition(path, path, path, FieldKind.Text, MaxLength: max), value) is { } error)
        {
            errors.Add(error);
        }
    }

    private static void Require(bool holds, string path, string expectedEn, string expectedZh, List<FieldError> errors)
    {
        if (!holds)
        {
            errors.Add(FieldErrors.Format(path, expectedEn, expectedZh));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex TypeKey();

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,29}$")]
    private static partial Regex FieldKey();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex Colour();
}
