using System.ComponentModel.DataAnnotations;
using ELicense.Core.Crypto;

namespace ELicense.LicenseService.Configuration;

/// <summary>The province this service issues for. Section <c>Province</c>.</summary>
public sealed class ProvinceOptions
{
    public const string Section = "Province";

    /// <summary>The GB/T 2260 code of the province, e.g. <c>320000</c>. It must equal the province (OU) of the
    /// signing certificates' CA, or every licence signed would be refused by verifiers (DESIGN §3).</summary>
    [Required]
    public string RegionCode { get; set; } = "";

    /// <summary>The issuing authority printed on licences and in their seal, e.g. 江苏省政务服务管理办公室.</summary>
    [Required]
    public string AuthorityName { get; set; } = "";

    /// <summary>The authority's 18-character unified social credit code (GB 32100); part of every identifier.</summary>
    [Required]
    public string AuthorityCode { get; set; } = "";

    /// <summary>The algorithm that signs QR payloads. Default SM2: the national algorithm (GB/T 32918) and the
    /// smaller QR; RSA (PS256) adds 192 bytes of signature.</summary>
    public KeyFamily SigningAlgorithm { get; set; } = KeyFamily.Sm2;

    /// <summary>The algorithm of the PDF signature. Default RSA: PDF readers (Acrobat, poppler's pdfsig) validate
    /// RSA; SM2 follows the national profile (GM/T 0010 OIDs) and is checked by ELicense's own verifier.</summary>
    public KeyFamily PdfSignatureAlgorithm { get; set; } = KeyFamily.Rsa;
}
