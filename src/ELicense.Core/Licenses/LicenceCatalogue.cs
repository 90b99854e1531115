using System.Collections.Frozen;

namespace ELicense.Core.Licenses;

/// <summary>
/// The first catalogue: the six licence types every province issues. Type codes follow GB/T 36904
/// (the defining body's unified social credit code plus three digits); see docs/catalogue.md for
/// where each code comes from and how to add a type.
/// </summary>
public static class LicenceCatalogue
{
    private const string NationalDirectory = "11100000000013338W";
    private static readonly string[] Sexes = ["男", "女"];
    private static readonly TimeSpan TwentyYears = TimeSpan.FromDays((365 * 20) + 5);

    public static readonly LicenceType IdCard = new(
        "id-card", NationalDirectory + "001", "居民身份证", "Resident identity card", HolderIdType.CitizenId, TwentyYears,
        [
            new("sex", "性别", "Sex", FieldKind.Choice, Choices: Sexes),
            new("ethnicity", "民族", "Ethnicity", FieldKind.Text, MaxLength: 10),
            new("birthDate", "出生", "Date of birth", FieldKind.Date),
            new("address", "住址", "Address", FieldKind.Text, MaxLength: 70),
        ],
        ["sex", "birthDate"]);

    public static readonly LicenceType BusinessLicence = new(
        "business-licence", NationalDirectory + "002", "营业执照", "Business licence", HolderIdType.CreditCode, null,
        [
            new("entityType", "类型", "Entity type", FieldKind.Text, MaxLength: 40),
            new("legalRepresentative", "法定代表人", "Legal representative", FieldKind.Text, MaxLength: 40),
            new("registeredCapital", "注册资本", "Registered capital", FieldKind.Text, MaxLength: 40),
            new("establishedOn", "成立日期", "Date of establishment", FieldKind.Date),
            new("domicile", "住所", "Domicile", FieldKind.Text, MaxLength: 80),
            new("businessScope", "经营范围", "Business scope", FieldKind.Text, MaxLength: 150),
        ],
        ["entityType", "legalRepresentative", "establishedOn"]);

    public static readonly LicenceType BirthCertificate = new(
        "birth-certificate", NationalDirectory + "003", "出生医学证明", "Medical birth certificate", HolderIdType.BirthCertificateNumber, null,
        [
            new("sex", "性别", "Sex", FieldKind.Choice, Choices: Sexes),
            new("birthDate", "出生日期", "Date of birth", FieldKind.Date),
            new("birthPlace", "出生地点", "Place of birth", FieldKind.RegionCode),
            new("weightGrams", "出生体重（克）", "Birth weight (g)", FieldKind.Decimal, Required: false),
            new("institution", "接生机构", "Delivering institution", FieldKind.Text, MaxLength: 40),
            new("motherName", "母亲姓名", "Mother's name", FieldKind.Text, MaxLength: 40),
            new("motherIdNumber", "母亲身份证号", "Mother's ID number", FieldKind.CitizenIdNumber),
            new("fatherName", "父亲姓名", "Father's name", FieldKind.Text, Required: false, MaxLength: 40),
            new("fatherIdNumber", "父亲身份证号", "Father's ID number", FieldKind.CitizenIdNumber, Required: false),
        ],
        ["sex", "birthDate", "birthPlace"]);

    public static readonly LicenceType RoadTransportPermit = new(
        "road-transport-permit", NationalDirectory + "004", "道路运输经营许可证", "Road transport operating permit", HolderIdType.CreditCode, TimeSpan.FromDays((365 * 6) + 2),
        [
            new("permitNumber", "许可证号", "Permit number", FieldKind.Text, MaxLength: 30),
            new("economicType", "经济类型", "Economic type", FieldKind.Text, MaxLength: 20),
            new("address", "地址", "Address", FieldKind.Text, MaxLength: 80),
            new("businessScope", "经营范围", "Business scope", FieldKind.Text, MaxLength: 100),
        ],
        ["permitNumber", "businessScope"]);

    public static readonly LicenceType MarriageCertificate = new(
        "marriage-certificate", NationalDirectory + "005", "结婚证", "Marriage certificate", HolderIdType.CitizenId, null,
        [
            new("certificateNumber", "结婚证字号", "Certificate number", FieldKind.Text, MaxLength: 30),
            new("registrationDate", "登记日期", "Date of registration", FieldKind.Date),
            new("spouseName", "配偶姓名", "Spouse's name", FieldKind.Text, MaxLength: 40),
            new("spouseIdNumber", "配偶身份证件号", "Spouse's ID number", FieldKind.CitizenIdNumber),
        ],
        ["registrationDate", "spouseName"]);

    public static readonly LicenceType RealEstateCertificate = new(
        "real-estate-certificate", NationalDirectory + "006", "不动产权证书", "Real estate title certificate", HolderIdType.CitizenId, null,
        [
            new("certificateNumber", "证书编号", "Certificate number", FieldKind.Text, MaxLength: 40),
            new("coOwnership", "共有情况", "Co-ownership", FieldKind.Choice, Choices: ["单独所有", "共同共有", "按份共有"]),
            new("location", "坐落", "Location", FieldKind.Text, MaxLength: 80),
            new("unitNumber", "不动产单元号", "Real estate unit number", FieldKind.Text, MaxLength: 28),
            new("rightType", "权利类型", "Type of right", FieldKind.Text, MaxLength: 40),
            new("rightNature", "权利性质", "Nature of right", FieldKind.Text, MaxLength: 40),
            new("use", "用途", "Use", FieldKind.Text, MaxLength: 40),
            new("areaSquareMetres", "面积（平方米）", "Area (m²)", FieldKind.Decimal),
        ],
        ["certificateNumber", "location"]);

    /// <summary>The six types, in catalogue order.</summary>
    public static readonly IReadOnlyList<LicenceType> All =
        [IdCard, BusinessLicence, BirthCertificate, RoadTransportPermit, MarriageCertificate, RealEstateCertificate];

    private static readonly FrozenDictionary<string, LicenceType> ByCode = All.ToFrozenDictionary(t => t.Code);
    private static readonly FrozenDictionary<string, LicenceType> ByKey = All.ToFrozenDictionary(t => t.Key);

    /// <summary>The type with this GB/T 36904 type code, or null.</summary>
    public static LicenceType? FindByCode(string? code) => code is not null && ByCode.TryGetValue(code, out var type) ? type : null;

    /// <summary>The type with this key (<c>id-card</c>) or type code, or null.</summary>
    public static LicenceType? Find(string? keyOrCode)
        => keyOrCode is not null && ByKey.TryGetValue(keyOrCode, out var type) ? type : FindByCode(keyOrCode);
}
