namespace ELicense.DevPki;

/// <summary>A province of the development PKI.</summary>
public sealed record Province(string Code, string NameZh, string NameEn)
{
    public static readonly IReadOnlyList<Province> Development =
    [
        new("320000", "江苏省", "Jiangsu"),
        new("310000", "上海市", "Shanghai"),
        new("330000", "浙江省", "Zhejiang"),
        new("340000", "安徽省", "Anhui"),
    ];
}
