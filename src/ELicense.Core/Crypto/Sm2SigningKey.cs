using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.X509;

namespace ELicense.Core.Crypto;

/// <summary>
/// An SM2 private key (BouncyCastle arithmetic; .NET has no SM2). Z_A and (1 + d)⁻¹ mod n depend
/// only on the key, so they are computed once here instead of in every signature; [k]G uses a precomputed comb
/// (<see cref="Sm2BaseMultiplier"/>).
/// </summary>
public sealed class Sm2SigningKey : ISigningKey
{
    /// <summary>
    /// The operating system's generator (.NET <c>RandomNumberGenerator</c>, safe to share between threads without a
    /// lock); BouncyCastle's default <c>SecureRandom</c> is a digest generator that locks on every call.
    /// </summary>
    private static readonly SecureRandom Random = new(new CryptoApiRandomGenerator());
    private ECPrivateKeyParameters? privateKey;
    private BigInteger? inverseOfOnePlusD;
    private readonly byte[] z;

    internal Sm2SigningKey(ECPrivateKeyParameters privateKey)
    {
        this.privateKey = privateKey;
        var q = Sm2Curve.Domain.G.Multiply(privateKey.D).Normalize();
        PublicKey = new ECPublicKeyParameters("EC", q, Sm2Curve.Domain);
        SubjectPublicKeyInfo = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(PublicKey).GetDerEncoded();
        z = Sm2VerificationKey.ComputeZ(q, Sm2Curve.DefaultUserId);
        inverseOfOnePlusD = privateKey.D.Add(BigInteger.One).ModInverse(Sm2Curve.Domain.N);
    }

    public ISignatureAlgorithm Algorithm => Sm2Sm3Algorithm.Instance;

    public byte[] SubjectPublicKeyInfo { get; }

    internal ECPublicKeyParameters PublicKey { get; }

    internal ECPrivateKeyParameters PrivateKey => privateKey ?? throw new ObjectDisposedException(nameof(Sm2SigningKey));

    public byte[] Sign(byte[] data) => Sign(data, Random);

    /// <summary>
    /// GB/T 32918.2 §6.1 (steps A1-A7). Tests pass a fixed k as randomness to reproduce published vectors.
    /// </summary>
    internal byte[] Sign(byte[] data, SecureRandom random)
    {
        var d = PrivateKey.D;
        var n = Sm2Curve.Domain.N;

        // A1, A2: e = SM3(Z_A ‖ M).
        var digest = new SM3Digest();
        digest.BlockUpdate(z);
        digest.BlockUpdate(data);
        var hash = new byte[32];
        digest.DoFinal(hash);
        var e = new BigInteger(1, hash);
        while (true)
        {
            // A3: k in [1, n-1].
            var k = BigIntegers.CreateRandomBigInteger(n.BitLength, random);
            if (k.SignValue == 0 || k.CompareTo(n) >= 0)
            {
                continue;
            }

            // A4, A5: (x1, y1) = [k]G; r = (e + x1) mod n, neither 0 nor n - k.
            var x1 = Sm2BaseMultiplier.AffineX(Sm2BaseMultiplier.Multiply(k), Random);
            var r = e.Add(x1).Mod(n);
            if (r.SignValue == 0 || r.Add(k).Equals(n))
            {
                continue;
            }

            // A6: s = ((1 + d)⁻¹ · (k − r·d)) mod n, not 0.
            var s = inverseOfOnePlusD!.Multiply(k.Subtract(r.Multiply(d))).Mod(n);
            if (s.SignValue == 0)
            {
                continue;
            }

            // A7: the signature as r ‖ s, 32 bytes each.
            var signature = new byte[64];
            BigIntegers.AsUnsignedByteArray(r, signature, 0, 32);
            BigIntegers.AsUnsignedByteArray(s, signature, 32, 32);
            return signature;
        }
    }

    public byte[] ExportPkcs8() => PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetDerEncoded();

    /// <summary>BouncyCastle's BigInteger is immutable and cannot be wiped; dropping the reference is what can be done.</summary>
    public void Dispose()
    {
        privateKey = null;
        inverseOfOnePlusD = null;
    }
}
