using System.ComponentModel.DataAnnotations;

namespace ELicense.LicenseService.Configuration;

/// <summary>
/// The provincial CA that certifies each new document signer and the trust-list signer. Section
/// <c>CertificateAuthority</c>. The built-in kind reads the CA's certificate and encrypted key from
/// files (<c>{prefix}-{region}-{sm2|rsa}.crt.pem</c> / <c>.key.pem</c>, as in <c>certs/dev/</c>);
/// production plugs in its own <see cref="Keys.ICertificateAuthority"/> (an offline CA's signing
/// service or a PKCS#11 token) through dependency injection.
/// </summary>
public sealed class CertificateAuthorityOptions
{
    public const string Section = "CertificateAuthority";

    /// <summary>The folder with the CA certificates and keys. Relative paths start at the content root.</summary>
    [Required]
    public string Folder { get; set; } = "";

    /// <summary>The file name prefix; the development PKI uses <c>dev-ca</c>.</summary>
    [Required]
    public string FilePrefix { get; set; } = "dev-ca";

    /// <summary>The file holding the password of the CA key files.</summary>
    [Required]
    public string PasswordFile { get; set; } = "";
}
