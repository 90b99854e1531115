using System.Buffers.Binary;

namespace ELicense.LicenseService.Rendering;

/// <summary>
/// Turns a TrueType collection (.ttc) into a standalone TrueType font (.ttf) of its first face, since
/// PDFsharp reads only single fonts. The tables are copied unchanged (so their checksums stay right);
/// only the table directory is rewritten with new offsets.
/// </summary>
public static class TrueTypeCollection
{
    private const uint CollectionTag = 0x74746366;   // 'ttcf'
    private const uint TrueTypeVersion = 0x00010000;
    private const uint AppleTrueTypeTag = 0x74727565; // 'true'
    private const uint CffTag = 0x4F54544F;          // 'OTTO'

    /// <summary>Returns a standalone TrueType font: the file itself, or the first face of a collection.</summary>
    /// <exception cref="InvalidDataException">The data is no TrueType font or collection, or holds CFF outlines
    /// (PDFsharp embeds those whole, tens of megabytes per PDF).</exception>
    public static byte[] FirstFont(byte[] data)
    {
        var tag = Read32(data, 0);
        if (tag == CollectionTag)
        {
            if (Read32(data, 8) == 0)
            {
                throw new InvalidDataException("The font collection is empty.");
            }

            try
            {
                return Extract(data, checked((int)Read32(data, 12)));
            }
            catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
            {
                throw new InvalidDataException("The font collection's directory points outside the file.", e);
            }
        }

        return tag switch
        {
            TrueTypeVersion or AppleTrueTypeTag => data,
            CffTag => throw new InvalidDataException("The font has CFF (OpenType/PostScript) outlines; give a TrueType font (glyf outlines)."),
            _ => throw new InvalidDataException("The file is no TrueType font or collection."),
        };
    }

    private static byte[] Extract(byte[] data, int fontOffset)
    {
        var version = Read32(data, fontOffset);
        if (version == CffTag)
        {
            throw new InvalidDataException("The collection's first font has CFF outlines; give a TrueType font (glyf outlines).");
        }

        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(fontOffset + 4));
        var headerLength = 12 + (16 * tableCount);
        var length = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            length += Padded(checked((int)Read32(data, fontOffset + 12 + (16 * i) + 12)));
        }

        var font = new byte[length];
        data.AsSpan(fontOffset, 12).CopyTo(font);
        var position = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            var record = fontOffset + 12 + (16 * i);
            var tableOffset = checked((int)Read32(data, record + 8));
            var tableLength = checked((int)Read32(data, record + 12));
            if (tableOffset < 0 || tableOffset + tableLength > data.Length)
            {
                throw new InvalidDataException("A table of the font lies outside the file.");
            }

            data.AsSpan(record, 8).CopyTo(font.AsSpan(12 + (16 * i)));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(12 + (16 * i) + 8), (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(12 + (16 * i) + 12), (uint)tableLength);
            data.AsSpan(tableOffset, tableLength).CopyTo(font.AsSpan(position));
            position += Padded(tableLength);
        }

        return font;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static uint Read32(byte[] data, int offset)
    {
        if (offset < 0 || offset + 4 > data.Length)
        {
            throw new InvalidDataException("The font file is truncated.");
        }

        return BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
    }
}
