namespace ELicense.Core.Licenses;

/// <summary>The field errors every validator reports, worded once in both languages.</summary>
public static class FieldErrors
{
    public static FieldError Required(string path, string labelZh)
        => new(path, "required", $"'{path}' is required.", $"缺少必填项：{labelZh}。");

    public static FieldError Unknown(string path, string typeNameZh)
        => new(path, "unknown", $"'{path}' is not a field of this licence type.", $"“{path}”不是{typeNameZh}的字段。");

    public static FieldError TooLong(string path, int maxLength)
        => new(path, "too_long", $"'{path}' is longer than {maxLength} characters.", $"“{path}”超过 {maxLength} 个字符。");

    public static FieldError Format(string path, string expectedEn, string expectedZh)
        => new(path, "format", $"'{path}' must be {expectedEn}.", $"“{path}”应为{expectedZh}。");

    public static FieldError CheckCharacter(string path, string standard)
        => new(path, "check_character", $"'{path}' has a wrong check character ({standard}).", $"“{path}”校验位错误（{standard}）。");

    public static FieldError Choice(string path, IReadOnlyList<string> choices)
        => new(path, "choice", $"'{path}' must be one of: {string.Join(", ", choices)}.", $"“{path}”应为以下之一：{string.Join("、", choices)}。");
}
