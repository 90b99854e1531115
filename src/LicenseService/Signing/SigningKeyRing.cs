using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Signing;

/// <summary>
/// The province's document signers, one per algorithm, loaded once at start-up from encrypted key
/// files (the key lifecycle and rotation replace this source, not its callers). The private keys
/// live only in memory; nothing here logs or returns them.
/// </summary>
public sealed class SigningKeyRing
{
    private readonly Dictionary<KeyFamily, DocumentSigner> signers = [];

    public SigningKeyRing(IOptions<SigningKeyOptions> keyOptions, IOptions<ProvinceOptions> provinceOptions, IHostEnvironment environment)
    {
        var options = keyOptions.Value;
        var province = provinceOptions.Value;
        var folder = ContentPaths.Resolve(environment, options.Folder);
        var passwordFile = ContentPaths.Resolve(environment, options.PasswordFile);
        if (!File.Exists(passwordFile))
        {
            throw new InvalidOperationException($"SigningKeys:PasswordFile '{passwordFile}' does not exist.");
        }

        var password = File.ReadAllText(passwordFile).Trim();
        foreach (var family in new[] { province.SigningAlgorithm, province.PdfSignatureAlgorithm }.Distinct())
        {
            var suffix = family == KeyFamily.Sm2 ? "sm2" : "rsa";
            var stem = Path.Combine(folder, $"{options.FilePrefix}-{province.RegionCode}-{suffix}");
            signers[family] = Load(stem + ".crt.pem", stem + ".key.pem", password, province.RegionCode);
        }

        PayloadSigner = signers[province.SigningAlgorithm];
        PdfSigner = signers[province.PdfSignatureAlgorithm];
    }

    /// <summary>Signs QR payloads.</summary>
    public DocumentSigner PayloadSigner { get; }

    /// <summary>Signs PDFs.</summary>
    public DocumentSigner PdfSigner { get; }

    private static DocumentSigner Load(string certificateFile, string keyFile, string password, string region)
    {
        try
        {
            var certificate = KeyPem.ReadCertificates(File.ReadAllText(certificateFile))[0];
            var key = KeyPem.ReadEncryptedPrivateKey(File.ReadAllText(keyFile), password);
            var signer = new DocumentSigner(key, certificate);
            if (signer.Province != region)
            {
                throw new InvalidOperationException(
                    $"The signing certificate '{certificateFile}' belongs to province {signer.Province}, not to Province:RegionCode {region}.");
            }

            return signer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"Cannot load the document signer from '{certificateFile}' and '{keyFile}': {e.Message}", e);
        }
    }
}
