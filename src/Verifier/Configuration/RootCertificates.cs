using ELicense.Core.Crypto;
using ELicense.Core.Trust;

namespace ELicense.Verifier.Configuration;

/// <summary>Reads the configured national roots into the chain validator every trust list is checked against.</summary>
public static class RootCertificates
{
    /// <summary>Why a file cannot serve as a root; null when it can.</summary>
    public static string? Problem(string path)
    {
        try
        {
            _ = new CertificateChainValidator(Read(path));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException
                                       or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            return e.Message;
        }
    }

    /// <summary>The validator over every configured root.</summary>
    public static CertificateChainValidator Validator(IEnumerable<string> paths, IHostEnvironment environment) =>
        new(paths.SelectMany(p => Read(ContentPaths.Resolve(environment, p))));

    private static IReadOnlyList<byte[]> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"the file '{path}' does not exist");
        }

        var certificates = KeyPem.ReadCertificates(File.ReadAllText(path));
        return certificates.Count > 0 ? certificates : throw new FormatException($"'{path}' holds no PEM certificate");
    }
}
