using System.Collections.Frozen;

namespace ELicense.Core.Identifiers;

/// <summary>
/// GB/T 2260 administrative-division codes: six digits, the first two naming one of the 34
/// province-level divisions. The full county table changes yearly and is not carried here; a code
/// is accepted when it is six digits under a known province.
/// </summary>
public static class RegionCode
{
    public const int Length = 6;

    private static readonly FrozenDictionary<string, (string Zh, string En)> Provinces = new Dictionary<string, (string, string)>
    {
        ["11"] = ("北京市", "Beijing"), ["12"] = ("天津市", "Tianjin"), ["13"] = ("河北省", "Hebei"),
        ["14"] = ("山西省", "Shanxi"), ["15"] = ("内蒙古自治区", "Inner Mongolia"), ["21"] = ("辽宁省", "Liaoning"),
        ["22"] = ("吉林省", "Jilin"), ["23"] = ("黑龙江省", "Heilongjiang"), ["31"] = ("上海市", "Shanghai"),
        ["32"] = ("江苏省", "Jiangsu"), ["33"] = ("浙江省", "Zhejiang"), ["34"] = ("安徽省", "Anhui"),
        ["35"] = ("福建省", "Fujian"), ["36"] = ("江西省", "Jiangxi"), ["37"] = ("山东省", "Shandong"),
        ["41"] = ("河南省", "Henan"), ["42"] = ("湖北省", "Hubei"), ["43"] = ("湖南省", "Hunan"),
        ["44"] = ("广东省", "Guangdong"), ["45"] = ("广西壮族自治区", "Guangxi"), ["46"] = ("海南省", "Hainan"),
        ["50"] = ("重庆市", "Chongqing"), ["51"] = ("四川省", "Sichuan"), ["52"] = ("贵州省", "Guizhou"),
        ["53"] = ("云南省", "Yunnan"), ["54"] = ("西藏自治区", "Tibet"), ["61"] = ("陕西省", "Shaanxi"),
        ["62"] = ("甘肃省", "Gansu"), ["63"] = ("青海省", "Qinghai"), ["64"] = ("宁夏回族自治区", "Ningxia"),
        ["65"] = ("新疆维吾尔自治区", "Xinjiang"), ["71"] = ("台湾省", "Taiwan"), ["81"] = ("香港特别行政区", "Hong Kong"),
        ["82"] = ("澳门特别行政区", "Macao"),
    }.ToFrozenDictionary();

    /// <summary>True for six ASCII digits under a known province.</summary>
    public static bool IsValid(ReadOnlySpan<char> code)
    {
        if (code.Length != Length)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return Provinces.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(code[..2]);
    }

    /// <summary>True for a province-level code such as 320000.</summary>
    public static bool IsProvince(ReadOnlySpan<char> code) => IsValid(code) && code[2..].SequenceEqual("0000");

    /// <summary>The province-level code a valid code belongs to (320105 → 320000).</summary>
    /// <exception cref="ArgumentException">The code is not valid.</exception>
    public static string ProvinceOf(string code)
        => IsValid(code) ? code[..2] + "0000" : throw new ArgumentException($"'{code}' is not a GB/T 2260 region code.", nameof(code));

    /// <summary>The Chinese and English province names for a valid code.</summary>
    public static (string Zh, string En) ProvinceName(string code) => Provinces[ProvinceOf(code)[..2]];
}
