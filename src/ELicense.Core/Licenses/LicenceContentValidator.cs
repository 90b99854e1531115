using System.Globalization;
using ELicense.Core.Identifiers;

namespace ELicense.Core.Licenses;

/// <summary>
/// Checks a licence's holder, fields and validity against its catalogue type and reports every bad
/// field at once, so a department system can fix a request in one round.
/// </summary>
public static class LicenceContentValidator
{
    public const int MaxHolderNameLength = 60;

    private static readonly FieldDefinition HolderName = new("name", "名称", "Name", FieldKind.Text, MaxLength: MaxHolderNameLength);

    /// <summary>Validates the content of a licence of <paramref name="type"/>. An empty list means valid.</summary>
    public static IReadOnlyList<FieldError> Validate(
        LicenceType type, Holder? holder, IReadOnlyDictionary<string, string>? fields, DateTimeOffset validFrom, DateTimeOffset? validUntil)
    {
        var errors = new List<FieldError>();
        ValidateHolder(type, holder, errors);
        fields ??= new Dictionary<string, string>();
        foreach (var definition in type.Fields)
        {
            var path = "fields." + definition.Key;
            if (!fields.TryGetValue(definition.Key, out var value) || string.IsNullOrWhiteSpace(value))
            {
                if (definition.Required)
                {
                    errors.Add(FieldErrors.Required(path, definition.LabelZh));
                }

                continue;
            }

            var error = CheckValue(path, definition, value);
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        foreach (var key in fields.Keys)
        {
            if (type.Field(key) is null)
            {
                errors.Add(FieldErrors.Unknown("fields." + key, type.NameZh));
            }
        }

        CheckHolderIdAgreement(type, holder, fields, errors);
        CheckValidity(type, validFrom, validUntil, errors);
        return errors;
    }

    /// <summary>Checks one value against its field's rule; null when it conforms.</summary>
    public static FieldError? CheckValue(string path, FieldDefinition definition, string value)
    {
        if (value.Length > definition.MaxLength)
        {
            return FieldErrors.TooLong(path, definition.MaxLength);
        }

        if (value != value.Trim() || value.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || value.Contains('\u007f'))
        {
            return FieldErrors.Format(path, "text without control characters or surrounding spaces", "不含控制字符且首尾无空格的文本");
        }

        return definition.Kind switch
        {
            FieldKind.Text => MatchesPattern(definition, value)
                ? null
                : new FieldError(path, "format", $"'{path}' does not have the form its licence type defines.", $"“{path}”不符合证照类型规定的格式。"),
            FieldKind.Date => IsDate(value) ? null : FieldErrors.Format(path, "a date written yyyy-MM-dd", "yyyy-MM-dd 格式的日期"),
            FieldKind.CitizenIdNumber => CheckCitizenId(path, value),
            FieldKind.CreditCode => CheckCreditCode(path, value),
            FieldKind.RegionCode => RegionCode.IsValid(value) ? null : FieldErrors.Format(path, "a six-digit GB/T 2260 region code", "六位 GB/T 2260 行政区划代码"),
            FieldKind.Choice => definition.Choices!.Contains(value) ? null : FieldErrors.Choice(path, definition.Choices!),
            FieldKind.Decimal => IsDecimal(value) ? null : FieldErrors.Format(path, "a non-negative number with at most two decimals", "最多两位小数的非负数"),
            _ => throw new InvalidOperationException($"Field kind {definition.Kind} has no rule."),
        };
    }

    private static void ValidateHolder(LicenceType type, Holder? holder, List<FieldError> errors)
    {
        if (holder is null)
        {
            errors.Add(FieldErrors.Required("holder", "持证人"));
            return;
        }

        if (string.IsNullOrWhiteSpace(holder.Name))
        {
            errors.Add(FieldErrors.Required("holder.name", "持证人名称"));
        }
        else if (CheckValue("holder.name", HolderName, holder.Name) is { } nameError)
        {
            errors.Add(nameError);
        }

        if (holder.IdType != type.HolderIdType)
        {
            errors.Add(new FieldError("holder.idType", "choice",
                $"A {type.NameEn} holder is identified by '{type.HolderIdType}'.",
                $"{type.NameZh}的持证人证件类型应为“{type.HolderIdType}”。"));
        }

        var idError = string.IsNullOrWhiteSpace(holder.IdNumber)
            ? FieldErrors.Required("holder.idNumber", "持证人证件号码")
            : type.HolderIdType switch
            {
                HolderIdType.CitizenId => CheckCitizenId("holder.idNumber", holder.IdNumber),
                HolderIdType.CreditCode => CheckCreditCode("holder.idNumber", holder.IdNumber),
                _ => holder.IdNumber.Length <= 20 && holder.IdNumber.All(char.IsAsciiLetterOrDigit)
                    ? null
                    : FieldErrors.Format("holder.idNumber", "1 to 20 letters and digits", "1 至 20 位字母或数字"),
            };
        if (idError is not null)
        {
            errors.Add(idError);
        }
    }

    /// <summary>Fields a definition ties to a citizen holder's identity number (an ID card's sex and date of birth) must agree with it.</summary>
    private static void CheckHolderIdAgreement(LicenceType type, Holder? holder, IReadOnlyDictionary<string, string> fields, List<FieldError> errors)
    {
        if (holder is null || type.HolderIdType != HolderIdType.CitizenId || !CitizenIdNumber.IsValid(holder.IdNumber))
        {
            return;
        }

        CitizenIdNumber.TryGetBirthDate(holder.IdNumber, out var birth);
        var expectedSex = (holder.IdNumber[16] - '0') % 2 == 1 ? "男" : "女";
        foreach (var definition in type.Fields)
        {
            if (definition.HolderIdAgreement is not { } agreement || !fields.TryGetValue(definition.Key, out var value))
            {
                continue;
            }

            if (agreement == HolderIdAgreements.BirthDate && IsDate(value) && DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture) != birth)
            {
                errors.Add(new FieldError("fields." + definition.Key, "inconsistent",
                    "The date of birth differs from the one in the ID number.", "出生日期与身份证号码中的出生日期不一致。"));
            }
            else if (agreement == HolderIdAgreements.Sex && (value == "男" || value == "女") && value != expectedSex)
            {
                errors.Add(new FieldError("fields." + definition.Key, "inconsistent",
                    "The sex differs from the one the ID number encodes.", "性别与身份证号码不一致。"));
            }
        }
    }

    private static void CheckValidity(LicenceType type, DateTimeOffset validFrom, DateTimeOffset? validUntil, List<FieldError> errors)
    {
        if (validUntil is null)
        {
            return;
        }

        if (validUntil <= validFrom)
        {
            errors.Add(new FieldError("validUntil", "range", "The end of validity must be after its start.", "有效期截止日期必须晚于起始日期。"));
        }
        else if (type.LongestValidity is { } longest && validUntil - validFrom > longest)
        {
            errors.Add(new FieldError("validUntil", "range",
                $"A {type.NameEn} is valid for at most {longest.TotalDays:0} days.", $"{type.NameZh}的有效期最长 {longest.TotalDays:0} 天。"));
        }
    }

    private static FieldError? CheckCitizenId(string path, string value)
        => value.Length == CitizenIdNumber.Length && CitizenIdNumber.TryComputeCheck(value.AsSpan(0, 17), out var check) && value[17] != check
            ? FieldErrors.CheckCharacter(path, "GB 11643")
            : CitizenIdNumber.IsValid(value) ? null : FieldErrors.Format(path, "an 18-character citizen identity number", "18 位公民身份号码");

    private static FieldError? CheckCreditCode(string path, string value)
        => value.Length == UnifiedSocialCreditCode.Length && UnifiedSocialCreditCode.TryComputeCheck(value.AsSpan(0, 17), out var check) && value[17] != check
            ? FieldErrors.CheckCharacter(path, "GB 32100")
            : UnifiedSocialCreditCode.IsValid(value) ? null : FieldErrors.Format(path, "an 18-character unified social credit code", "18 位统一社会信用代码");

    /// <summary>Whether the value matches the field's pattern (true without one); a match that runs out of time does not match.</summary>
    private static bool MatchesPattern(FieldDefinition definition, string value)
    {
        try
        {
            return definition.PatternRegex is not { } pattern || pattern.IsMatch(value);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool IsDate(string value)
        => value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year >= 1880;

    private static bool IsDecimal(string value)
        => value.Length <= 16 && value.All(c => char.IsAsciiDigit(c) || c == '.') && value[0] != '.'
           && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
           && decimal.Round(number, 2) == number;
}
