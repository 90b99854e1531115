using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// The first key of a family, taken from files instead of generated (<see cref="SigningKeyOptions"/>):
/// for a province moving an existing document signer into ELicense, and for development, where the
/// signer of <c>certs/dev/</c> keeps licences verifiable with the development PKI alone. Used only
/// while the store holds no key of the family at all; afterwards rotation makes every key.
/// </summary>
public sealed class KeyImport
{
    private readonly SigningKeyOptions options;
    private readonly string region;
    private readonly IHostEnvironment environment;

    /// <exception cref="InvalidOperationException">Import is configured but its folder or password file does not exist.</exception>
    public KeyImport(SigningKeyOptions options, string region, IHostEnvironment environment)
    {
        (this.options, this.region, this.environment) = (options, region, environment);
        if (!IsConfigured)
        {
            return;
        }

        var folder = ContentPaths.Resolve(environment, options.Folder);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"SigningKeys:Folder '{folder}' does not exist; cannot load the document signer to import. Leave it empty to generate the first keys.");
        }

        var passwordFile = ContentPaths.Resolve(environment, options.PasswordFile);
        if (!File.Exists(passwordFile))
        {
            throw new InvalidOperationException($"SigningKeys:PasswordFile '{passwordFile}' does not exist.");
        }
    }

    /// <summary>Whether import is configured at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Folder);

    /// <summary>The signer of a family from the files; null when import is not configured or the files are absent.</summary>
    /// <exception cref="InvalidOperationException">The files exist but cannot be read, or belong to another province.</exception>
    public DocumentSigner? Load(KeyFamily family)
    {
        if (!IsConfigured)
        {
            return null;
        }

        var stem = Path.Combine(ContentPaths.Resolve(environment, options.Folder), $"{options.FilePrefix}-{region}-{(family == KeyFamily.Sm2 ? "sm2" : "rsa")}");
        var certificateFile = stem + ".crt.pem";
        var keyFile = stem + ".key.pem";
        if (!File.Exists(certificateFile))
        {
            return null;
        }

        try
        {
            var password = File.ReadAllText(ContentPaths.Resolve(environment, options.PasswordFile)).Trim();
            var certificate = KeyPem.ReadCertificates(File.ReadAllText(certificateFile))[0];
            var signer = new DocumentSigner(KeyPem.ReadEncryptedPrivateKey(File.ReadAllText(keyFile), password), certificate);
            return signer.Province == region ? signer : throw new InvalidOperationException(
                $"The signing certificate '{certificateFile}' belongs to province {signer.Province}, not to Province:RegionCode {region}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"Cannot import the document signer from '{certificateFile}' and '{keyFile}': {e.Message}", e);
        }
    }
}
