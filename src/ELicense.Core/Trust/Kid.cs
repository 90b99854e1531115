using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ELicense.Core.Trust;

/// <summary>
/// The key identifier of DESIGN §3: the first 8 bytes of SHA-256 over the document-signer
/// certificate's DER, as the EU DCC does. Kids can collide; lookups return every match.
/// </summary>
public static class Kid
{
    public const int Length = 8;

    /// <summary>Computes the kid of a DER certificate.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> certificateDer) => SHA256.HashData(certificateDer)[..Length];

    /// <summary>The kid as a number, for dictionary lookups.</summary>
    public static ulong ToKey(ReadOnlySpan<byte> kid)
        => kid.Length == Length ? BinaryPrimitives.ReadUInt64BigEndian(kid) : throw new ArgumentException($"A kid is {Length} bytes.", nameof(kid));

    /// <summary>Lower-case hex, the form used in logs, documents and the admin API.</summary>
    public static string ToHex(ReadOnlySpan<byte> kid) => Convert.ToHexStringLower(kid);
}
