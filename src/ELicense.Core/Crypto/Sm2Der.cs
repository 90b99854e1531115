using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;

namespace ELicense.Core.Crypto;

/// <summary>SM2 signatures between the COSE form (64-byte r‖s) and the DER SEQUENCE {r, s} of GM/T 0009 that CMS carries.</summary>
public static class Sm2Der
{
    private const int Half = 32;

    public static byte[] FromRaw(ReadOnlySpan<byte> raw) => new DerSequence(
        new DerInteger(new BigInteger(1, raw[..Half].ToArray())),
        new DerInteger(new BigInteger(1, raw[Half..].ToArray()))).GetEncoded(Asn1Encodable.Der);

    /// <summary>Converts DER to r‖s; false when it is not a SEQUENCE of two positive integers of at most 256 bits.</summary>
    public static bool TryToRaw(byte[] der, out byte[] raw)
    {
        raw = [];
        try
        {
            if (Asn1Object.FromByteArray(der) is not Asn1Sequence { Count: 2 } sequence)
            {
                return false;
            }

            var r = DerInteger.GetInstance(sequence[0]).PositiveValue;
            var s = DerInteger.GetInstance(sequence[1]).PositiveValue;
            if (r.SignValue <= 0 || s.SignValue <= 0 || r.BitLength > 256 || s.BitLength > 256)
            {
                return false;
            }

            raw = new byte[2 * Half];
            r.ToByteArrayUnsigned().CopyTo(raw.AsSpan(Half - r.ToByteArrayUnsigned().Length));
            s.ToByteArrayUnsigned().CopyTo(raw.AsSpan((2 * Half) - s.ToByteArrayUnsigned().Length));
            return true;
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            return false;
        }
    }
}
