using System.Security.Cryptography;

namespace ELicense.Core.Crypto;

/// <summary>An RSA public key for PS256. .NET's RSA on OpenSSL verifies concurrently from one instance.</summary>
public sealed class RsaVerificationKey : IVerificationKey
{
    private readonly RSA rsa;

    internal RsaVerificationKey(RSA rsa, byte[] subjectPublicKeyInfo)
    {
        this.rsa = rsa;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    public ISignatureAlgorithm Algorithm => RsaPs256Algorithm.Instance;

    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Verifies an RSASSA-PKCS1-v1_5 signature with SHA-256 (CMS signatures of PDFs).</summary>
    internal bool VerifyPkcs1Sha256(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            return signature.Length == rsa.KeySize / 8 && rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
