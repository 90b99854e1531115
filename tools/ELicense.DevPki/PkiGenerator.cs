using ELicense.Core.Crypto;
using ELicense.Core.Trust;

namespace ELicense.DevPki;

/// <summary>
/// Generates the development PKI in memory. Lifetimes follow DESIGN §3: a document signer signs for
/// one year and must then outlive the longest licence it signs (20 years), so it is valid 21 years;
/// its CA and root outlive it.
/// </summary>
public static class PkiGenerator
{
    public const string DevelopmentMark = "DEVELOPMENT ONLY";

    /// <summary>Generates a PKI of one family for the given provinces.</summary>
    /// <param name="family">SM2 or RSA.</param>
    /// <param name="provinces">The provinces to give a CA and a document signer.</param>
    /// <param name="now">The start of every validity.</param>
    /// <param name="label">Distinguishes the root's name, e.g. to make an untrusted look-alike.</param>
    public static GeneratedPki Generate(KeyFamily family, IEnumerable<Province> provinces, DateTimeOffset now, string label = "National Root")
    {
        var algorithm = SignatureAlgorithms.For(family);
        var suffix = family == KeyFamily.Sm2 ? "SM2" : "RSA";
        var start = now.AddDays(-1);
        var rootKey = algorithm.Generate();
        var root = new PkiMember(rootKey, CertificateBuilder.CreateRoot(
            rootKey, $"ELicense {label} {suffix} ({DevelopmentMark})", "ELicense 国家电子证照（开发用）", new ValidityWindow(start, now.AddYears(30))));
        var cas = new Dictionary<string, PkiMember>();
        var signers = new Dictionary<string, PkiMember>();
        foreach (var province in provinces)
        {
            var organisation = $"{province.NameZh}政务服务管理办公室（开发用）";
            var caKey = algorithm.Generate();
            var ca = new PkiMember(caKey, CertificateBuilder.CreateProvincialCa(
                root.Certificate, rootKey, caKey.SubjectPublicKeyInfo, province.Code,
                $"{province.NameZh}电子证照CA {suffix} ({DevelopmentMark})", organisation, new ValidityWindow(start, now.AddYears(25))));
            var dsKey = algorithm.Generate();
            var ds = new PkiMember(dsKey, CertificateBuilder.CreateEndEntity(
                ca.Certificate, caKey, dsKey.SubjectPublicKeyInfo, province.Code,
                $"{province.NameZh}电子证照签名 {suffix} {now:yyyy} ({DevelopmentMark})", organisation, new ValidityWindow(start, now.AddYears(21))));
            cas[province.Code] = ca;
            signers[province.Code] = ds;
        }

        return new GeneratedPki { Family = family, Root = root, ProvincialCas = cas, DocumentSigners = signers };
    }

    /// <summary>
    /// A self-signed RSA certificate and key for signing development bearer tokens. It is no CA of
    /// the licence PKI: LicenseService trusts it only for tokens, and only when configured to.
    /// </summary>
    public static PkiMember GenerateTokenIssuer(DateTimeOffset now)
    {
        var key = RsaPs256Algorithm.Instance.Generate();
        return new PkiMember(key, CertificateBuilder.CreateRoot(
            key, $"ELicense Token Issuer ({DevelopmentMark})", "ELicense 身份令牌签发（开发用）", new ValidityWindow(now.AddDays(-1), now.AddYears(30))));
    }
}
