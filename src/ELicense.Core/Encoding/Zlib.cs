using System.IO.Compression;

namespace ELicense.Core.Encoding;

/// <summary>zlib (RFC 1950) compression with an inflate that stops at a byte limit.</summary>
public static class Zlib
{
    /// <summary>Compresses with the smallest output, since every byte costs QR modules.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length + 16);
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>The outcome of <see cref="TryInflate"/>.</summary>
    public enum InflateResult
    {
        Ok,
        Invalid,
        TooLarge,
    }

    /// <summary>
    /// Inflates a zlib stream, reading at most <paramref name="maxBytes"/> + 1 bytes of output, so a
    /// stream that would inflate past the limit is refused after that much work, not after all of it.
    /// A stream that is not zlib (RFC 1950 §2.2: deflate, no preset dictionary, a valid header
    /// check), is truncated, or whose last four bytes are not the Adler-32 of what it inflates to is
    /// <see cref="InflateResult.Invalid"/>; the last rule also refuses bytes appended after the
    /// stream, which the framework's inflater would ignore.
    /// </summary>
    public static InflateResult TryInflate(byte[] compressed, int maxBytes, out byte[] data)
    {
        data = [];
        if (compressed.Length < 6 || (compressed[0] & 0x0F) != 8 || compressed[0] >> 4 > 7
            || (compressed[1] & 0x20) != 0 || ((compressed[0] << 8) | compressed[1]) % 31 != 0)
        {
            return InflateResult.Invalid;
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var total = 0;
            try
            {
                using var zlib = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
                int read;
                while (total <= maxBytes && (read = zlib.Read(buffer, total, maxBytes + 1 - total)) > 0)
                {
                    total += read;
                }

                // Past the limit, or more output after it: refused. Reading to the end also makes the inflater finish the stream.
                if (total > maxBytes || zlib.Read(buffer, total, 1) != 0)
                {
                    return InflateResult.TooLarge;
                }
            }
            catch (InvalidDataException)
            {
                return InflateResult.Invalid;
            }

            if (total == 0 || Adler32(buffer.AsSpan(0, total)) != System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(compressed.AsSpan(^4)))
            {
                return InflateResult.Invalid;
            }

            data = buffer.AsSpan(0, total).ToArray();
            return InflateResult.Ok;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint modulus = 65521;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            // 5552 bytes is the most that can be summed before b may overflow 32 bits.
            var block = data[..Math.Min(5552, data.Length)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= modulus;
            b %= modulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }
}
