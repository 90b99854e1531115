namespace ELicense.Core.Licenses;

/// <summary>The kind of identity document that names a licence holder; the payload carries the text value.</summary>
public static class HolderIdType
{
    /// <summary>居民身份证号码: GB 11643.</summary>
    public const string CitizenId = "citizen-id";

    /// <summary>统一社会信用代码: GB 32100.</summary>
    public const string CreditCode = "credit-code";

    /// <summary>出生医学证明编号: a newborn has no identity number yet.</summary>
    public const string BirthCertificateNumber = "birth-cert-no";

    public static readonly IReadOnlyList<string> All = [CitizenId, CreditCode, BirthCertificateNumber];
}
