using System.Security.Cryptography;

namespace ELicense.Core.Crypto;

/// <summary>An RSA private key for PS256 (.NET's RSA; salt length = hash length, as PS256 requires).</summary>
public sealed class RsaSigningKey : ISigningKey
{
    private readonly RSA rsa;

    internal RsaSigningKey(RSA rsa)
    {
        this.rsa = rsa;
        SubjectPublicKeyInfo = rsa.ExportSubjectPublicKeyInfo();
    }

    public ISignatureAlgorithm Algorithm => RsaPs256Algorithm.Instance;

    public byte[] SubjectPublicKeyInfo { get; }

    public byte[] Sign(byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256, for CMS signatures that every PDF reader validates.</summary>
    internal byte[] SignPkcs1Sha256(byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public byte[] ExportPkcs8() => rsa.ExportPkcs8PrivateKey();

    public void Dispose() => rsa.Dispose();
}
