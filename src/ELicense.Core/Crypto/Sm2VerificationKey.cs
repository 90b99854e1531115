using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace ELicense.Core.Crypto;

/// <summary>
/// An SM2 public key decoded once. The same point object serves every verification, so the
/// tables BouncyCastle precomputes for it (promoted to a fixed-point comb after repeated use) are
/// reused; and Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), which depends only on the key and
/// the user ID, is computed here once instead of in every verification.
/// </summary>
public sealed class Sm2VerificationKey : IVerificationKey
{
    private readonly byte[] z;

    internal Sm2VerificationKey(ECPublicKeyParameters publicKey, byte[] subjectPublicKeyInfo)
    {
        PublicKey = publicKey;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        z = ComputeZ(publicKey.Q, Sm2Curve.DefaultUserId);
    }

    public ISignatureAlgorithm Algorithm => Sm2Sm3Algorithm.Instance;

    public byte[] SubjectPublicKeyInfo { get; }

    internal ECPublicKeyParameters PublicKey { get; }

    /// <summary>GB/T 32918.2 §7.1 (verification, steps B1-B7) with the precomputed Z_A.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        var n = Sm2Curve.Domain.N;
        var r = new BigInteger(1, signature[..32]);
        var s = new BigInteger(1, signature[32..]);

        // B1, B2: r and s in [1, n-1].
        if (r.SignValue <= 0 || r.CompareTo(n) >= 0 || s.SignValue <= 0 || s.CompareTo(n) >= 0)
        {
            return false;
        }

        // B3, B4: e = SM3(Z_A ‖ M).
        var digest = new SM3Digest();
        digest.BlockUpdate(z);
        digest.BlockUpdate(data);
        Span<byte> e = stackalloc byte[32];
        digest.DoFinal(e);

        // B5: t = (r + s) mod n, not 0.
        var t = r.Add(s).Mod(n);
        if (t.SignValue == 0)
        {
            return false;
        }

        // B6: (x1, y1) = [s]G + [t]P_A.  B7: R = (e + x1) mod n must equal r.
        var point = ECAlgorithms.SumOfTwoMultiplies(Sm2Curve.Domain.G, s, PublicKey.Q, t).Normalize();
        return !point.IsInfinity && new BigInteger(1, e).Add(point.AffineXCoord.ToBigInteger()).Mod(n).Equals(r);
    }

    /// <summary>Z_A of GB/T 32918.2 §5.5 for a public point and user ID.</summary>
    internal static byte[] ComputeZ(ECPoint q, byte[] userId)
    {
        var digest = new SM3Digest();
        var bits = userId.Length * 8;
        digest.Update((byte)(bits >> 8));
        digest.Update((byte)bits);
        digest.BlockUpdate(userId);
        foreach (var element in (ECFieldElement[])[Sm2Curve.X9.Curve.A, Sm2Curve.X9.Curve.B, Sm2Curve.Domain.G.AffineXCoord, Sm2Curve.Domain.G.AffineYCoord, q.AffineXCoord, q.AffineYCoord])
        {
            digest.BlockUpdate(element.GetEncoded());
        }

        var z = new byte[32];
        digest.DoFinal(z);
        return z;
    }
}
