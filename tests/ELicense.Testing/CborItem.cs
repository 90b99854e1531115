using System.Buffers.Binary;
using System.Formats.Cbor;

namespace ELicense.Testing;

/// <summary>
/// Single encoded CBOR items, canonical or deliberately not, for building the maps of
/// <see cref="CborMapEntries"/> byte by byte: the core's writers refuse to produce the forms a
/// decoder must refuse, so a test has to spell them out.
/// </summary>
public static class CborItem
{
    public static byte[] Int(long value) => Write(w => w.WriteInt64(value));

    public static byte[] UInt(ulong value) => Write(w => w.WriteUInt64(value));

    public static byte[] Text(string value) => Write(w => w.WriteTextString(value));

    public static byte[] Bytes(byte[] value) => Write(w => w.WriteByteString(value));

    /// <summary>Whatever a lenient writer writes; the writer does not sort, merge or shorten anything.</summary>
    public static byte[] Write(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
        write(writer);
        return writer.Encode();
    }

    /// <summary>An unsigned integer in the 8-byte form whatever its size (RFC 8949 §4.2.1 wants the shortest).</summary>
    public static byte[] LongUInt(ulong value)
    {
        var bytes = new byte[9];
        bytes[0] = 0x1B;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), value);
        return bytes;
    }

    /// <summary>An unsigned integer below 24 in the one-byte-argument form instead of inside its initial byte.</summary>
    public static byte[] PaddedSmallUInt(byte value) => value < 24 ? [0x18, value] : throw new ArgumentOutOfRangeException(nameof(value));

    /// <summary>A text string split into indefinite-length chunks (RFC 8949 §3.2.3).</summary>
    public static byte[] ChunkedText(string value, int chunks)
    {
        var size = Math.Max(1, (value.Length + chunks - 1) / chunks);
        return Write(w =>
        {
            w.WriteStartIndefiniteLengthTextString();
            for (var at = 0; at < value.Length; at += size)
            {
                w.WriteTextString(value.Substring(at, Math.Min(size, value.Length - at)));
            }

            w.WriteEndIndefiniteLengthTextString();
        });
    }

    /// <summary>A byte string whose length is written in two bytes even when one would do.</summary>
    public static byte[] LongLengthBytes(byte[] value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        var header = new byte[3];
        header[0] = 0x59;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(1), (ushort)value.Length);
        return [.. header, .. value];
    }
}
