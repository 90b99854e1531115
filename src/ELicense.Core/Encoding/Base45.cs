namespace ELicense.Core.Encoding;

/// <summary>Base45 of RFC 9285: two bytes in three characters of the QR alphanumeric alphabet.</summary>
public static class Base45
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Encodes bytes as Base45 text.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        return string.Create(((data.Length / 2) * 3) + ((data.Length % 2) * 2), data.ToArray(), static (chars, bytes) =>
        {
            var o = 0;
            var i = 0;
            for (; i + 1 < bytes.Length; i += 2)
            {
                var n = (bytes[i] << 8) | bytes[i + 1];
                chars[o++] = Alphabet[n % 45];
                chars[o++] = Alphabet[n / 45 % 45];
                chars[o++] = Alphabet[n / 2025];
            }

            if (i < bytes.Length)
            {
                chars[o++] = Alphabet[bytes[i] % 45];
                chars[o] = Alphabet[bytes[i] / 45];
            }
        });
    }

    /// <summary>
    /// Decodes Base45 text, or returns false for a character outside the alphabet, a dangling
    /// single character, or a group whose value exceeds what its bytes can hold (RFC 9285 §4.2).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        if (text.Length % 3 == 1)
        {
            return false;
        }

        var output = new byte[((text.Length / 3) * 2) + (text.Length % 3 == 2 ? 1 : 0)];
        var o = 0;
        for (var i = 0; i < text.Length; i += 3)
        {
            var remaining = Math.Min(3, text.Length - i);
            var n = 0;
            var factor = 1;
            for (var j = 0; j < remaining; j++)
            {
                var c = text[i + j];
                var v = c < 128 ? Values[c] : -1;
                if (v < 0)
                {
                    return false;
                }

                n += v * factor;
                factor *= 45;
            }

            if (remaining == 3)
            {
                if (n > 0xFFFF)
                {
                    return false;
                }

                output[o++] = (byte)(n >> 8);
                output[o++] = (byte)n;
            }
            else
            {
                if (n > 0xFF)
                {
                    return false;
                }

                output[o++] = (byte)n;
            }
        }

        data = output;
        return true;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
