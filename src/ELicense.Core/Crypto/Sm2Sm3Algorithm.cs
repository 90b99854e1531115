using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace ELicense.Core.Crypto;

/// <summary>
/// SM2 signatures with SM3 (GB/T 32918.2, GM/T 0003) and the default user ID 1234567812345678,
/// signature as the 64-byte r‖s (as COSE writes ECDSA). COSE has no registered value for it, so
/// ELicense uses -65601 from the private-use range (RFC 9053 §10: values below -65536).
/// </summary>
public sealed class Sm2Sm3Algorithm : ISignatureAlgorithm
{
    public const int Id = -65601;

    public static readonly Sm2Sm3Algorithm Instance = new();

    private Sm2Sm3Algorithm()
    {
    }

    public int CoseId => Id;

    public string Name => "SM2-SM3";

    public KeyFamily Family => KeyFamily.Sm2;

    public bool AcceptsPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        try
        {
            var info = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(subjectPublicKeyInfo.ToArray()));
            return IsSm2(info.Algorithm);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException)
        {
            return false;
        }
    }

    public IVerificationKey ImportPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        try
        {
            var info = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(subjectPublicKeyInfo.ToArray()));
            if (!IsSm2(info.Algorithm))
            {
                throw new CryptographicException("The public key is not an SM2 key on sm2p256v1.");
            }

            // ECPublicKeyParameters validates that the point is on the curve and not infinity.
            var point = Sm2Curve.X9.Curve.DecodePoint(info.PublicKey.GetOctets()).Normalize();
            return new Sm2VerificationKey(new ECPublicKeyParameters("EC", point, Sm2Curve.Domain), subjectPublicKeyInfo.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException or InvalidOperationException)
        {
            throw new CryptographicException("The SM2 public key is malformed.", e);
        }
    }

    public ISigningKey ImportPrivateKey(ReadOnlySpan<byte> pkcs8)
    {
        try
        {
            var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(pkcs8.ToArray()));
            if (!IsSm2(info.PrivateKeyAlgorithm))
            {
                throw new CryptographicException("The private key is not an SM2 key on sm2p256v1.");
            }

            var d = ECPrivateKeyStructure.GetInstance(info.ParsePrivateKey()).GetKey();
            if (d.SignValue <= 0 || d.CompareTo(Sm2Curve.Domain.N.Subtract(BigInteger.One)) >= 0)
            {
                throw new CryptographicException("The SM2 private scalar is out of range.");
            }

            return new Sm2SigningKey(new ECPrivateKeyParameters("EC", d, Sm2Curve.Domain));
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException or InvalidOperationException)
        {
            throw new CryptographicException("The SM2 private key is malformed.", e);
        }
    }

    public ISigningKey Generate()
    {
        var generator = new ECKeyPairGenerator("EC");
        generator.Init(new ECKeyGenerationParameters(Sm2Curve.Domain, new SecureRandom()));
        return new Sm2SigningKey((ECPrivateKeyParameters)generator.GenerateKeyPair().Private);
    }

    private static bool IsSm2(AlgorithmIdentifier algorithm)
        => (algorithm.Algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey) || algorithm.Algorithm.Equals(Sm2Curve.Oid))
           && algorithm.Parameters is DerObjectIdentifier curve && curve.Equals(Sm2Curve.Oid);
}
