using System.IO.Compression;
using Org.BouncyCastle.Utilities.Zlib;

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
    /// Inflates a zlib stream into at most <paramref name="maxBytes"/> + 1 bytes of output, so a
    /// stream that would inflate past the limit is refused after that much work, not after all of it.
    /// A stream that is not zlib (RFC 1950 §2.2: deflate, no preset dictionary, a valid header
    /// check), is truncated, fails its Adler-32, or is followed by any byte is
    /// <see cref="InflateResult.Invalid"/>. The last rule is why BouncyCastle's inflater is used: it
    /// says how much input the stream took, and the framework's silently ignores what follows — a
    /// licence text with a second copy of its stream appended would otherwise verify.
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
        var stream = new ZStream();
        try
        {
            if (stream.inflateInit() != JZlib.Z_OK)
            {
                return InflateResult.Invalid;
            }

            stream.next_in = compressed;
            stream.next_in_index = 0;
            stream.avail_in = compressed.Length;
            stream.next_out = buffer;
            stream.next_out_index = 0;
            stream.avail_out = maxBytes + 1;
            var result = stream.inflate(JZlib.Z_FINISH);
            if (result != JZlib.Z_STREAM_END)
            {
                return stream.avail_out == 0 ? InflateResult.TooLarge : InflateResult.Invalid;
            }

            var total = (int)stream.total_out;
            if (total > maxBytes)
            {
                return InflateResult.TooLarge;
            }

            if (total == 0 || stream.avail_in != 0)
            {
                return InflateResult.Invalid;
            }

            data = buffer.AsSpan(0, total).ToArray();
            return InflateResult.Ok;
        }
        finally
        {
            stream.inflateEnd();
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
