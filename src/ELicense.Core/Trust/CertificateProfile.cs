using ELicense.Core.Crypto;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace ELicense.Core.Trust;

/// <summary>
/// What the chain of DESIGN §3 requires of each certificate for its role, beside the signatures
/// <see cref="CertificateChainValidator"/> checks: a CA is a CA with keyCertSign and a path length
/// that allows the chain; a signer is not a CA, has digitalSignature and a key of an allowed family;
/// neither carries a critical extension this code does not understand (RFC 5280 §4.2).
/// </summary>
internal static class CertificateProfile
{
    private static readonly HashSet<string> UnderstoodCriticalExtensions =
    [
        X509Extensions.BasicConstraints.Id,
        X509Extensions.KeyUsage.Id,
    ];

    public static string? CheckCa(X509Certificate certificate, int minimumPathLength)
    {
        var pathLength = certificate.GetBasicConstraints();
        if (pathLength < 0)
        {
            return $"'{certificate.SubjectDN}' is not a CA certificate.";
        }

        if (pathLength < minimumPathLength)
        {
            return $"'{certificate.SubjectDN}' has a path length that does not allow this chain.";
        }

        var usage = certificate.GetKeyUsage();
        if (usage is null || !usage[5])
        {
            return $"'{certificate.SubjectDN}' may not sign certificates (keyCertSign).";
        }

        return CheckCriticalExtensions(certificate);
    }

    public static string? CheckEndEntity(X509Certificate certificate, out IVerificationKey? key)
    {
        key = null;
        if (certificate.GetBasicConstraints() >= 0)
        {
            return $"'{certificate.SubjectDN}' is a CA certificate, not a signer.";
        }

        var usage = certificate.GetKeyUsage();
        if (usage is null || !usage[0] || usage[5])
        {
            return $"'{certificate.SubjectDN}' lacks digitalSignature or may sign certificates.";
        }

        try
        {
            key = SignatureAlgorithms.ImportPublicKey(certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded());
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return $"'{certificate.SubjectDN}' has an unusable key: {e.Message}";
        }

        return CheckCriticalExtensions(certificate);
    }

    private static string? CheckCriticalExtensions(X509Certificate certificate)
    {
        var unknown = certificate.GetCriticalExtensionOids()?.FirstOrDefault(oid => !UnderstoodCriticalExtensions.Contains(oid));
        return unknown is null ? null : $"'{certificate.SubjectDN}' has an unknown critical extension {unknown}.";
    }
}
