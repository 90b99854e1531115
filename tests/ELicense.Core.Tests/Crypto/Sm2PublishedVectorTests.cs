using ELicense.Core.Crypto;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;
using Xunit;

namespace ELicense.Core.Tests.Crypto;

/// <summary>
/// The signature example of GM/T 0003.5-2012 Annex A (= GB/T 32918.5-2017): sm2p256v1, user ID
/// 1234567812345678, message "message digest", a fixed k.
/// </summary>
public class Sm2PublishedVectorTests
{
    private const string D = "3945208F7B2144B13F36E38AC6D39F9588939369 2860B51A42FB81EF4DF7C5B8";
    private const string Qx = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
    private const string Qy = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
    private const string K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
    private const string R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
    private const string S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";
    private static readonly byte[] Message = "message digest"u8.ToArray();

    [Fact]
    public void Sign_with_the_published_k_gives_the_published_r_and_s()
    {
        using var key = (Sm2SigningKey)Sm2Sm3Algorithm.Instance.ImportPrivateKey(Pkcs8(Hex(D)));

        var signature = key.Sign(Message, new FixedRandom(Hex(K)));

        Assert.Equal(R + S, Convert.ToHexString(signature));
    }

    [Fact]
    public void Imported_private_key_derives_the_published_public_key()
    {
        using var key = Sm2Sm3Algorithm.Instance.ImportPrivateKey(Pkcs8(Hex(D)));

        Assert.Equal(PublicKeyInfo(), key.SubjectPublicKeyInfo);
    }

    [Fact]
    public void Verify_accepts_the_published_signature()
    {
        var key = Sm2Sm3Algorithm.Instance.ImportPublicKey(PublicKeyInfo());

        Assert.True(key.Verify(Message, Hex(R + S)));
    }

    [Fact]
    public void Verify_rejects_the_published_signature_over_another_message()
    {
        var key = Sm2Sm3Algorithm.Instance.ImportPublicKey(PublicKeyInfo());

        Assert.False(key.Verify("message digesT"u8, Hex(R + S)));
    }

    private static byte[] PublicKeyInfo()
        => new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, Org.BouncyCastle.Asn1.GM.GMObjectIdentifiers.sm2p256v1),
            Hex("04" + Qx + Qy)).GetDerEncoded();

    private static byte[] Pkcs8(byte[] d)
        => new Org.BouncyCastle.Asn1.Pkcs.PrivateKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, Org.BouncyCastle.Asn1.GM.GMObjectIdentifiers.sm2p256v1),
            new ECPrivateKeyStructure(256, new Org.BouncyCastle.Math.BigInteger(1, d))).GetDerEncoded();

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>Returns the given bytes as the "random" k, as the standard's example fixes it.</summary>
    private sealed class FixedRandom(byte[] k) : SecureRandom(new VmpcRandomGenerator())
    {
        public override void NextBytes(byte[] buf) => NextBytes(buf, 0, buf.Length);

        public override void NextBytes(byte[] buf, int off, int len) => Array.Copy(k, 0, buf, off, len);

        public override void NextBytes(Span<byte> buffer) => k.AsSpan(0, buffer.Length).CopyTo(buffer);
    }
}
