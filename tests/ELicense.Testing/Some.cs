using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Status;

namespace ELicense.Testing;

/// <summary>"Any valid value": realistic, valid content for every licence type, to vary one thing at a time.</summary>
public static class Some
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A valid credit code built from a 17-character body.</summary>
    public static string CreditCode(string first17 = "11320100MB1234567") => UnifiedSocialCreditCode.Complete(first17);

    /// <summary>A valid citizen ID number (a man born 1990-03-07 in 南京市玄武区 by default).</summary>
    public static string CitizenId(string first17 = "32010219900307451") => CitizenIdNumber.Complete(first17);

    public static Issuer Issuer(string region = "320102")
        => new(region, RegionCode.ProvinceName(region).Zh + "测试发证机关", CreditCode("11" + region + "MB123456A"));

    /// <summary>The holder a licence of this type names.</summary>
    public static Holder Holder(LicenceType type) => type.HolderIdType switch
    {
        HolderIdType.CitizenId => new Holder("张三", HolderIdType.CitizenId, CitizenId()),
        HolderIdType.CreditCode => new Holder("南京示例科技有限公司", HolderIdType.CreditCode, CreditCode("91320102MA1X2Y3W4")),
        _ => new Holder("李小宝", HolderIdType.BirthCertificateNumber, "Q320123456"),
    };

    /// <summary>Valid fields for a type; every field, optional ones included.</summary>
    public static Dictionary<string, string> Fields(LicenceType type) => type.Key switch
    {
        "id-card" => new() { ["sex"] = "男", ["ethnicity"] = "汉", ["birthDate"] = "1990-03-07", ["address"] = "江苏省南京市玄武区中山路 100 号 1 幢 2 单元 301 室" },
        "business-licence" => new()
        {
            ["entityType"] = "有限责任公司（自然人投资或控股）", ["legalRepresentative"] = "王五", ["registeredCapital"] = "500万元人民币",
            ["establishedOn"] = "2018-06-01", ["domicile"] = "南京市玄武区珠江路 88 号", ["businessScope"] = "软件开发；信息技术咨询服务；数据处理服务。",
        },
        "birth-certificate" => new()
        {
            ["sex"] = "女", ["birthDate"] = "2026-10-01", ["birthPlace"] = "320102", ["weightGrams"] = "3250", ["institution"] = "南京市妇幼保健院",
            ["motherName"] = "赵六", ["motherIdNumber"] = CitizenId("32010219920512452"), ["fatherName"] = "李四", ["fatherIdNumber"] = CitizenId("32010219910101453"),
        },
        "road-transport-permit" => new()
        {
            ["permitNumber"] = "苏交运管许可宁字320102000123号", ["economicType"] = "有限责任公司", ["address"] = "南京市玄武区龙蟠路 1 号", ["businessScope"] = "道路普通货物运输",
        },
        "marriage-certificate" => new()
        {
            ["certificateNumber"] = "J320102-2026-001234", ["registrationDate"] = "2026-05-20", ["spouseName"] = "钱七", ["spouseIdNumber"] = CitizenId("32010219910808452"),
        },
        "real-estate-certificate" => new()
        {
            ["certificateNumber"] = "苏(2026)南京市不动产权第0012345号", ["coOwnership"] = "单独所有", ["location"] = "玄武区中山路 100 号 1 幢 301 室",
            ["unitNumber"] = "320102001001GB00001F00010003", ["rightType"] = "国有建设用地使用权/房屋所有权", ["rightNature"] = "出让/市场化商品房", ["use"] = "城镇住宅用地/住宅",
            ["areaSquareMetres"] = "89.56",
        },
        _ => throw new ArgumentException($"No sample fields for {type.Key}."),
    };

    /// <summary>A full, valid licence payload of a type, issued at <see cref="Now"/>.</summary>
    public static LicencePayload Licence(LicenceType? type = null, string region = "320102", DateTimeOffset? issuedAt = null, long statusIndex = 4711)
    {
        type ??= BaseTypes.IdCard;
        var at = issuedAt ?? Now;
        var issuer = Issuer(region);
        var identifier = LicenceIdentifier.Create(type.Code, issuer.AuthorityCode, LicenceIdentifier.NewSerial(at));
        DateTimeOffset? until = type.LongestValidity is null ? null : at.AddYears(type == BaseTypes.IdCard ? 20 : 4);
        return new LicencePayload(PayloadKind.Licence, identifier.ToString(), type.Code, issuer, Holder(type), Fields(type), at, at, until,
            new StatusReference(RegionCode.ProvinceOf(region) + "-1", statusIndex));
    }

    /// <summary>A presentation of a licence showing the type's default fields, valid 60 seconds from <paramref name="at"/>, as the wallet makes it.</summary>
    public static LicencePayload Presentation(LicencePayload licence, DateTimeOffset at)
        => PresentationPayload.From(licence, LicenceCatalogue.NationalBase.Find(licence.TypeCode, licence.TypeVersion)!, LicenceCatalogue.NationalBase.Find(licence.TypeCode, licence.TypeVersion)!.PresentedByDefault, at, at.AddSeconds(60));
}
