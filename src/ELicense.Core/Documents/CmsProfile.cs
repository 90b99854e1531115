using ELicense.Core.Crypto;

namespace ELicense.Core.Documents;

/// <summary>
/// The object identifiers of a detached CMS signature, chosen by the signing key's family:
/// RSA follows PAdES (ETSI EN 319 142-1) with the PKCS #7 content types and
/// sha256WithRSAEncryption, which every PDF reader validates; SM2 follows the national profile
/// GM/T 0010-2012, with its own content types, SM3 and SM2 signature OIDs.
/// </summary>
public sealed record CmsProfile(KeyFamily Family, string SignedDataType, string DataType, string DigestAlgorithm, string SignatureAlgorithm)
{
    /// <summary>PAdES / RFC 5652 with RSA PKCS #1 v1.5 and SHA-256.</summary>
    public static readonly CmsProfile Rsa = new(
        KeyFamily.Rsa, "1.2.840.113549.1.7.2", "1.2.840.113549.1.7.1", "2.16.840.1.101.3.4.2.1", "1.2.840.113549.1.1.11");

    /// <summary>GM/T 0010-2012: signedData 1.2.156.10197.6.1.4.2.2, data .1, SM3 1.2.156.10197.1.401, SM2 signature 1.2.156.10197.1.301.1.</summary>
    public static readonly CmsProfile Sm2 = new(
        KeyFamily.Sm2, "1.2.156.10197.6.1.4.2.2", "1.2.156.10197.6.1.4.2.1", "1.2.156.10197.1.401", "1.2.156.10197.1.301.1");

    /// <summary>The profile for a key family.</summary>
    public static CmsProfile For(KeyFamily family) => family == KeyFamily.Sm2 ? Sm2 : Rsa;

    /// <summary>The profile whose signedData content type is <paramref name="oid"/>, or null.</summary>
    public static CmsProfile? ForSignedDataType(string oid) => oid == Sm2.SignedDataType ? Sm2 : oid == Rsa.SignedDataType ? Rsa : null;
}
