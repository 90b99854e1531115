using ELicense.Core.Crypto;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace ELicense.Core.Trust;

/// <summary>
/// Issues the three kinds of certificate of DESIGN §3 (BouncyCastle): a national root, a provincial
/// CA and a document signer. SM2 issuers sign SM3withSM2 with the default user ID; RSA issuers
/// sign sha256WithRSAEncryption, which every X.509 tool reads.
/// </summary>
public static class CertificateBuilder
{
    /// <summary>A self-signed national root: CA, path length 1, keyCertSign and cRLSign.</summary>
    public static byte[] CreateRoot(ISigningKey key, string commonName, string organisation, ValidityWindow validity)
    {
        var name = CertificateNames.Build(commonName, organisation);
        var publicKey = PublicKeyFactory.CreateKey(key.SubjectPublicKeyInfo);
        var generator = Start(name, name, publicKey, validity);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(1));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        return Sign(generator, key);
    }

    /// <summary>A provincial CA under a root: CA, path length 0, the province code as OU.</summary>
    public static byte[] CreateProvincialCa(
        byte[] issuerCertificate, ISigningKey issuerKey, byte[] subjectPublicKeyInfo, string provinceCode, string commonName, string organisation, ValidityWindow validity)
        => IssueUnder(issuerCertificate, issuerKey, subjectPublicKeyInfo, CertificateNames.Build(commonName, organisation, provinceCode), validity,
            new BasicConstraints(0), new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));

    /// <summary>A document signer under a provincial CA: not a CA, digitalSignature and nonRepudiation.</summary>
    public static byte[] CreateEndEntity(
        byte[] issuerCertificate, ISigningKey issuerKey, byte[] subjectPublicKeyInfo, string provinceCode, string commonName, string organisation, ValidityWindow validity)
        => IssueUnder(issuerCertificate, issuerKey, subjectPublicKeyInfo, CertificateNames.Build(commonName, organisation, provinceCode), validity,
            new BasicConstraints(false), new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));

    /// <summary>
    /// A trust-list signer under a provincial CA: an end entity like a document signer, plus the
    /// extended key usage of <see cref="CertificatePurposes.TrustListSigning"/>, which verifiers demand of
    /// a trust list's signer and refuse in a document signer — so neither key can act as the other.
    /// </summary>
    public static byte[] CreateListSigner(
        byte[] issuerCertificate, ISigningKey issuerKey, byte[] subjectPublicKeyInfo, string provinceCode, string commonName, string organisation, ValidityWindow validity)
        => IssueUnder(issuerCertificate, issuerKey, subjectPublicKeyInfo, CertificateNames.Build(commonName, organisation, provinceCode), validity,
            new BasicConstraints(false), new KeyUsage(KeyUsage.DigitalSignature), CertificatePurposes.TrustListSigning);

    private static byte[] IssueUnder(
        byte[] issuerCertificate, ISigningKey issuerKey, byte[] subjectPublicKeyInfo, X509Name subject, ValidityWindow validity, BasicConstraints constraints, KeyUsage usage,
        DerObjectIdentifier? extendedUsage = null)
    {
        var issuer = new X509Certificate(issuerCertificate);
        var publicKey = PublicKeyFactory.CreateKey(subjectPublicKeyInfo);
        var generator = Start(issuer.SubjectDN, subject, publicKey, validity);
        // The key exactly as it was handed over, not re-encoded: what a CA certifies is the SubjectPublicKeyInfo it was given.
        generator.SetSubjectPublicKeyInfo(SubjectPublicKeyInfo.GetInstance(subjectPublicKeyInfo));
        generator.AddExtension(X509Extensions.BasicConstraints, true, constraints);
        generator.AddExtension(X509Extensions.KeyUsage, true, usage);
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        if (extendedUsage is not null)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(new List<DerObjectIdentifier> { extendedUsage }));
        }

        return Sign(generator, issuerKey);
    }

    private static X509V3CertificateGenerator Start(X509Name issuer, X509Name subject, AsymmetricKeyParameter publicKey, ValidityWindow validity)
    {
        var generator = new X509V3CertificateGenerator();
        var serial = new BigInteger(1, SecureRandomBytes(16));
        generator.SetSerialNumber(serial.SignValue == 0 ? BigInteger.One : serial);
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(validity.NotBefore.UtcDateTime);
        generator.SetNotAfter(validity.NotAfter.UtcDateTime);
        generator.SetPublicKey(publicKey);
        return generator;
    }

    private static byte[] Sign(X509V3CertificateGenerator generator, ISigningKey issuerKey)
    {
        var pkcs8 = issuerKey.ExportPkcs8();
        try
        {
            var privateKey = PrivateKeyFactory.CreateKey(pkcs8);
            var algorithm = issuerKey.Algorithm.Family == KeyFamily.Sm2 ? "SM3WITHSM2" : "SHA256WITHRSA";
            return generator.Generate(new Asn1SignatureFactory(algorithm, privateKey, new SecureRandom())).GetEncoded();
        }
        finally
        {
            Array.Clear(pkcs8);
        }
    }

    private static byte[] SecureRandomBytes(int count)
    {
        var bytes = new byte[count];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        bytes[0] &= 0x7F;
        return bytes;
    }
}
