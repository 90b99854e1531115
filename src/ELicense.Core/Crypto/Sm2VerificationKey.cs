using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ELicense.Core.Crypto;

/// <summary>
/// An SM2 public key decoded once. The same point object serves every verification, so the
/// window tables BouncyCastle precomputes for it on first use are reused (about twice as fast).
/// </summary>
public sealed class Sm2VerificationKey : IVerificationKey
{
    private readonly ParametersWithID parameters;

    internal Sm2VerificationKey(ECPublicKeyParameters publicKey, byte[] subjectPublicKeyInfo)
    {
        PublicKey = publicKey;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        parameters = new ParametersWithID(publicKey, Sm2Curve.DefaultUserId);
    }

    public ISignatureAlgorithm Algorithm => Sm2Sm3Algorithm.Instance;

    public byte[] SubjectPublicKeyInfo { get; }

    internal ECPublicKeyParameters PublicKey { get; }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        var signer = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
        signer.Init(false, parameters);
        signer.BlockUpdate(data);
        return signer.VerifySignature(signature.ToArray());
    }
}
