using System.Text;
using ELicense.Core.Licenses;

namespace ELicense.Testing;

/// <summary>
/// A province type for tests: 上海市居住证, defined by a 310000 body (credit code 11310000002420436N), six fields in
/// version 1 (a choice, dates, a region code, a patterned number), version 2 adding the employer.
/// </summary>
public static class ProvinceTypes
{
    public const string ResidencePermitCode = "11310000002420436N001";

    public const string ResidencePermitKey = "sh-residence-permit";

    /// <summary>The same definition under a 320000 body's code (11320000014000158N), for a 320000 service.</summary>
    public const string JiangsuPermitCode = "11320000014000158N001";

    public const string JiangsuPermitKey = "js-residence-permit";

    /// <summary>The definition as an administrator sends it.</summary>
    /// <param name="version">The version: 2 adds the employer.</param>
    /// <param name="code">The type code (default a 310000 body's); <see cref="JiangsuPermitCode"/> for a 320000 service.</param>
    /// <param name="key">The type's key.</param>
    public static string ResidencePermitJson(int version = 1, string code = ResidencePermitCode, string key = ResidencePermitKey) => $$"""
        {
          "key": "{{key}}",
          "code": "{{code}}",
          "version": {{version}},
          "name": { "zh": "上海市居住证", "en": "Shanghai residence permit" },
          "holder": { "idType": "citizen-id", "nameLabel": "姓名", "idLabel": "公民身份号码" },
          "longestValidityDays": 1096,
          "fields": [
            { "key": "sex", "label": { "zh": "性别", "en": "Sex" }, "kind": "choice", "choices": ["男", "女"], "holderIdAgreement": "sex" },
            { "key": "birthDate", "label": { "zh": "出生日期", "en": "Date of birth" }, "kind": "date", "holderIdAgreement": "birth-date" },
            { "key": "nativePlace", "label": { "zh": "户籍地", "en": "Place of household registration" }, "kind": "region-code" },
            { "key": "residenceAddress", "label": { "zh": "居住地址", "en": "Address of residence" }, "kind": "text", "maxLength": 80 },
            { "key": "category", "label": { "zh": "居住证类别", "en": "Permit category" }, "kind": "choice", "choices": ["人才类", "一般类"] },
            { "key": "permitNumber", "label": { "zh": "居住证号码", "en": "Permit number" }, "kind": "text", "maxLength": 20, "pattern": "SH[0-9]{8,18}" }{{(version >= 2 ? """
            ,
            { "key": "employer", "label": { "zh": "就业单位", "en": "Employer" }, "kind": "text", "maxLength": 60, "required": false }
        """ : "")}}
          ],
          "presentedByDefault": ["category", "residenceAddress"],
          "layout": { "accent": "#6A1B9A" }
        }
        """;

    /// <summary>The definition read.</summary>
    public static LicenceType ResidencePermit(int version = 1, string code = ResidencePermitCode, string key = ResidencePermitKey)
        => CatalogueJson.TryReadType(Encoding.UTF8.GetBytes(ResidencePermitJson(version, code, key)), out var type, out var errors)
            ? type!
            : throw new InvalidOperationException(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));

    /// <summary>Sample fields of a holder born 1990-03-07, male (as <see cref="Some"/>'s holder).</summary>
    public static Dictionary<string, string> ResidencePermitFields(int version = 1)
    {
        var fields = new Dictionary<string, string>
        {
            ["sex"] = "男", ["birthDate"] = "1990-03-07", ["nativePlace"] = "320102", ["residenceAddress"] = "上海市浦东新区世纪大道100号",
            ["category"] = "一般类", ["permitNumber"] = "SH2026120100001",
        };
        if (version >= 2)
        {
            fields["employer"] = "上海某某科技有限公司";
        }

        return fields;
    }
}
