using System.ComponentModel.DataAnnotations;

namespace ELicense.LicenseService.Configuration;

/// <summary>
/// Where the document-signer keys are read from. Section <c>SigningKeys</c>. The folder holds, per
/// algorithm, <c>{prefix}-{region}-{sm2|rsa}.crt.pem</c> and the matching encrypted PKCS#8
/// <c>.key.pem</c>; the password comes from a file so that it stays out of configuration files and logs.
/// </summary>
public sealed class SigningKeyOptions
{
    public const string Section = "SigningKeys";

    /// <summary>The folder with the certificates and encrypted keys. Relative paths start at the content root.</summary>
    [Required]
    public string Folder { get; set; } = "";

    /// <summary>The file name prefix; the development PKI uses <c>dev-ds</c>.</summary>
    [Required]
    public string FilePrefix { get; set; } = "dev-ds";

    /// <summary>The file holding the password of the key files. Relative paths start at the content root.</summary>
    [Required]
    public string PasswordFile { get; set; } = "";
}
