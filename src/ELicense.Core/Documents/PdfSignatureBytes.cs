using System.Diagnostics.CodeAnalysis;
using System.Globalization;


namespace ELicense.Core.Documents;

/// <summary>
/// The bytes of a PDF signature (ISO 32000-1 §12.8.1): the <c>/ByteRange</c> of the signature
/// dictionary and the hex string of <c>/Contents</c> that fills the one gap it leaves. Found by
/// scanning the bytes, since the signature dictionary is written in plain text by every signer.
/// </summary>
/// <param name="Signature">The decoded <c>/Contents</c>: the CMS signature, trailing zero padding removed by the CMS parser.</param>
/// <param name="SignedParts">The two signed ranges.</param>
/// <param name="CoversWholeFile">Whether the ranges cover the whole file but the signature itself (no bytes appended after signing).</param>
public sealed record PdfSignatureBytes(byte[] Signature, IReadOnlyList<ReadOnlyMemory<byte>> SignedParts, bool CoversWholeFile)
{
    private static readonly byte[] ByteRangeKey = "/ByteRange"u8.ToArray();

    /// <summary>Reads the last signature of a PDF; false with a reason when there is none or it is malformed.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> pdf, [NotNullWhen(true)] out PdfSignatureBytes? signature, out string? error)
    {
        signature = null;
        var span = pdf.Span;
        var at = span.LastIndexOf(ByteRangeKey);
        if (at < 0)
        {
            error = "The PDF carries no signature (no /ByteRange).";
            return false;
        }

        var open = span[at..].IndexOf((byte)'[');
        var close = open < 0 ? -1 : span[(at + open)..].IndexOf((byte)']');
        if (open < 0 || close < 0 || open > ByteRangeKey.Length + 4)
        {
            error = "The /ByteRange is malformed.";
            return false;
        }

        var numbers = System.Text.Encoding.ASCII.GetString(span.Slice(at + open + 1, close - 1))
            .Split((char[])[' ', '\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (numbers.Length != 4 || !numbers.All(n => long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            error = "The /ByteRange does not hold four numbers.";
            return false;
        }

        var range = numbers.Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        // Each number is checked against the file's length before any sum, so no huge number can overflow past the checks.
        if (range.Any(n => n > pdf.Length) || range[0] != 0 || range[1] <= 0 || range[2] <= range[1] + 1 || range[2] + range[3] > pdf.Length || range[3] < 0)
        {
            error = "The /ByteRange lies outside the file or overlaps itself.";
            return false;
        }

        var gap = span[(int)range[1]..(int)range[2]];
        if (gap[0] != '<' || gap[^1] != '>' || !TryHex(gap[1..^1], out var cms))
        {
            error = "The gap of the /ByteRange is not the hex string of the signature.";
            return false;
        }

        signature = new PdfSignatureBytes(
            cms,
            [pdf[..(int)range[1]], pdf.Slice((int)range[2], (int)range[3])],
            range[2] + range[3] == pdf.Length);
        error = null;
        return true;
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, out byte[] bytes)
    {
        bytes = [];
        if (hex.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(System.Text.Encoding.ASCII.GetString(hex));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
