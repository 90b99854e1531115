using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// A provincial CA whose certificate and encrypted key are files (the development PKI of
/// <c>certs/dev/</c>). The CA keys are decrypted once at start-up and kept in memory only.
/// </summary>
public sealed class FileCertificateAuthority : ICertificateAuthority
{
    private readonly Dictionary<KeyFamily, (ISigningKey Key, byte[] Certificate)> cas = [];
    private readonly string region;
    private readonly string organisation;

    public FileCertificateAuthority(IOptions<CertificateAuthorityOptions> options, IOptions<ProvinceOptions> province, IHostEnvironment environment)
    {
        var settings = options.Value;
        region = province.Value.RegionCode;
        organisation = province.Value.AuthorityName;
        var folder = ContentPaths.Resolve(environment, settings.Folder);
        var passwordFile = ContentPaths.Resolve(environment, settings.PasswordFile);
        if (!File.Exists(passwordFile))
        {
            throw new InvalidOperationException($"CertificateAuthority:PasswordFile '{passwordFile}' does not exist.");
        }

        var password = File.ReadAllText(passwordFile).Trim();
        foreach (var family in new[] { KeyFamily.Sm2, KeyFamily.Rsa })
        {
            var stem = Path.Combine(folder, $"{settings.FilePrefix}-{region}-{(family == KeyFamily.Sm2 ? "sm2" : "rsa")}");
            if (!File.Exists(stem + ".crt.pem"))
            {
                continue;
            }

            try
            {
                var certificate = KeyPem.ReadCertificates(File.ReadAllText(stem + ".crt.pem"))[0];
                var key = KeyPem.ReadEncryptedPrivateKey(File.ReadAllText(stem + ".key.pem"), password);
                cas[family] = (key, certificate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                throw new InvalidOperationException($"Cannot load the provincial CA from '{stem}.crt.pem' and '{stem}.key.pem': {e.Message}", e);
            }
        }
    }

    public IReadOnlyCollection<KeyFamily> Families => cas.Keys;

    public byte[] CaCertificate(KeyFamily family) => cas.TryGetValue(family, out var ca)
        ? ca.Certificate
        : throw new InvalidOperationException($"The provincial CA of {region} has no {family} certificate in CertificateAuthority:Folder.");

    public Task<byte[]> IssueAsync(
        SignerPurpose purpose, KeyFamily family, byte[] subjectPublicKeyInfo, string commonName, ValidityWindow validity, CancellationToken cancellationToken)
    {
        var (key, certificate) = cas.TryGetValue(family, out var ca) ? ca : throw new InvalidOperationException($"No {family} CA is configured.");
        return Task.FromResult(purpose == SignerPurpose.TrustListSigner
            ? CertificateBuilder.CreateListSigner(certificate, key, subjectPublicKeyInfo, region, commonName, organisation, validity)
            : CertificateBuilder.CreateEndEntity(certificate, key, subjectPublicKeyInfo, region, commonName, organisation, validity));
    }
}
