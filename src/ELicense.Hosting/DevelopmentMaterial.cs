using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ELicense.Core.Crypto;

namespace ELicense.Hosting;

/// <summary>
/// Recognises the development trust material of <c>certs/dev</c> (DESIGN §13: refused outside
/// Development). Every certificate the development PKI makes carries <see cref="Mark"/> in its
/// subject, and every one it issues carries it in the issuer too; the certificate is read, not its
/// path, so a dev file copied under another name is caught as well.
/// </summary>
public static class DevelopmentMaterial
{
    /// <summary>What the development PKI writes into every common name (tools/ELicense.DevPki).</summary>
    public const string Mark = "DEVELOPMENT ONLY";

    /// <summary>The subject (or issuer) of the first certificate in a PEM file that carries <see cref="Mark"/>;
    /// null when none does, or when the file cannot be read (the setting's own check reports that).</summary>
    /// <param name="path">The PEM file, already resolved.</param>
    public static string? MarkedCertificate(string path)
    {
        try
        {
            foreach (var der in KeyPem.ReadCertificates(File.ReadAllText(path)))
            {
                using var certificate = X509CertificateLoader.LoadCertificate(der);
                foreach (var name in new[] { certificate.Subject, certificate.Issuer })
                {
                    if (name.Contains(Mark, StringComparison.OrdinalIgnoreCase))
                    {
                        return name;
                    }
                }
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or CryptographicException)
        {
            return null;
        }
    }
}
