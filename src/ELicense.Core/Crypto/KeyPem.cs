using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace ELicense.Core.Crypto;

/// <summary>
/// PEM forms of certificates and private keys. Private keys are only ever written encrypted:
/// PKCS#8 PBES2 with PBKDF2-SHA256 and AES-256-CBC, which OpenSSL reads with <c>-passin</c>.
/// </summary>
public static class KeyPem
{
    private const string CertificateLabel = "CERTIFICATE";
    private const string EncryptedKeyLabel = "ENCRYPTED PRIVATE KEY";

    public static string WriteCertificate(byte[] der) => new(PemEncoding.Write(CertificateLabel, der));

    /// <summary>Reads every certificate in a PEM text, in order.</summary>
    /// <exception cref="FormatException">The text holds no certificate.</exception>
    public static IReadOnlyList<byte[]> ReadCertificates(string pem)
    {
        var result = new List<byte[]>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual(CertificateLabel))
            {
                result.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            }

            rest = rest[fields.Location.End..];
        }

        return result.Count > 0 ? result : throw new FormatException("The PEM text holds no certificate.");
    }

    /// <summary>Encrypts a private key under a password and writes it as an ENCRYPTED PRIVATE KEY PEM.</summary>
    public static string WriteEncryptedPrivateKey(ISigningKey key, ReadOnlySpan<char> password, int iterations = 100_000)
    {
        var pkcs8 = key.ExportPkcs8();
        try
        {
            var info = Pkcs8PrivateKeyInfo.Decode(pkcs8, out _, skipCopy: true);
            var encrypted = info.Encrypt(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, iterations));
            return new string(PemEncoding.Write(EncryptedKeyLabel, encrypted));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Reads an ENCRYPTED PRIVATE KEY PEM with its password; the key's own SubjectPublicKeyInfo decides the algorithm.</summary>
    /// <exception cref="CryptographicException">The password is wrong or the key is malformed.</exception>
    public static ISigningKey ReadEncryptedPrivateKey(string pem, ReadOnlySpan<char> password)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || !pem.AsSpan()[fields.Label].SequenceEqual(EncryptedKeyLabel))
        {
            throw new CryptographicException("The text holds no ENCRYPTED PRIVATE KEY.");
        }

        var encrypted = Convert.FromBase64String(pem[fields.Base64Data]);
        var info = Pkcs8PrivateKeyInfo.DecryptAndDecode(password, encrypted, out _);
        var pkcs8 = info.Encode();
        try
        {
            return SignatureAlgorithms.ImportPrivateKey(pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
