using ELicense.Core.Crypto;
using ELicense.Core.Trust;

namespace ELicense.Testing;

/// <summary>
/// Throwaway certificates without the development mark, as a production PKI would have them: what a
/// service outside Development accepts. Each call makes a new key; the certificates trust nothing.
/// </summary>
public static class UnmarkedCertificates
{
    /// <summary>A self-signed national root of the family, as a PEM file in a new temporary folder; returns its path.</summary>
    public static string WriteRoot(KeyFamily family, string fileName = "national-root.crt.pem") => Write(
        fileName, SignatureAlgorithms.For(family).Generate(), $"Test National Root {(family == KeyFamily.Sm2 ? "SM2" : "RSA")}", "测试国家电子证照根");

    /// <summary>A self-signed RSA token issuer (an identity provider's signing certificate), as a PEM file; returns its path.</summary>
    public static string WriteTokenIssuer(string fileName = "identity-provider.crt.pem") => Write(
        fileName, RsaPs256Algorithm.Instance.Generate(), "Test Identity Provider", "测试统一身份认证");

    private static string Write(string fileName, ISigningKey key, string commonName, string organisation)
    {
        var certificate = CertificateBuilder.CreateRoot(key, commonName, organisation, new ValidityWindow(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("elicense-unmarked-").FullName, fileName);
        File.WriteAllText(path, KeyPem.WriteCertificate(certificate));
        return path;
    }
}
