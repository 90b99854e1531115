using System.ComponentModel.DataAnnotations;

namespace ELicense.LicenseService.Configuration;

/// <summary>
/// Existing document-signer keys to import as the first key of each algorithm (section
/// <c>SigningKeys</c>); empty <see cref="Folder"/> means the first keys are generated. The folder
/// holds, per algorithm, <c>{prefix}-{region}-{sm2|rsa}.crt.pem</c> and the matching encrypted
/// PKCS#8 <c>.key.pem</c>; the password comes from a file so that it stays out of configuration
/// files and logs. Once imported, a key lives encrypted in the store like every other.
/// </summary>
public sealed class SigningKeyOptions
{
    public const string Section = "SigningKeys";

    /// <summary>The folder with the certificates and encrypted keys; empty: nothing to import. Relative paths start at the content root.</summary>
    public string Folder { get; set; } = "";

    /// <summary>The file name prefix; the development PKI uses <c>dev-ds</c>.</summary>
    [Required]
    public string FilePrefix { get; set; } = "dev-ds";

    /// <summary>The file holding the password of the key files. Relative paths start at the content root.</summary>
    public string PasswordFile { get; set; } = "";
}
