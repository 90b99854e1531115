using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace ELicense.Core.Crypto;

/// <summary>An SM2 private key (BouncyCastle; .NET has no SM2).</summary>
public sealed class Sm2SigningKey : ISigningKey
{
    private static readonly SecureRandom Random = new();
    private ECPrivateKeyParameters? privateKey;

    internal Sm2SigningKey(ECPrivateKeyParameters privateKey)
    {
        this.privateKey = privateKey;
        var q = Sm2Curve.Domain.G.Multiply(privateKey.D).Normalize();
        PublicKey = new ECPublicKeyParameters("EC", q, Sm2Curve.Domain);
        SubjectPublicKeyInfo = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(PublicKey).GetDerEncoded();
    }

    public ISignatureAlgorithm Algorithm => Sm2Sm3Algorithm.Instance;

    public byte[] SubjectPublicKeyInfo { get; }

    internal ECPublicKeyParameters PublicKey { get; }

    internal ECPrivateKeyParameters PrivateKey => privateKey ?? throw new ObjectDisposedException(nameof(Sm2SigningKey));

    public byte[] Sign(byte[] data) => Sign(data, Random);

    /// <summary>Signs with the given randomness; tests pass a fixed k to reproduce published vectors.</summary>
    internal byte[] Sign(byte[] data, SecureRandom random)
    {
        var signer = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(PrivateKey, random), Sm2Curve.DefaultUserId));
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    public byte[] ExportPkcs8() => PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetDerEncoded();

    /// <summary>BouncyCastle's BigInteger is immutable and cannot be wiped; dropping the reference is what can be done.</summary>
    public void Dispose() => privateKey = null;
}
