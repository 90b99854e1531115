using Ascii = System.Text.Encoding;
using ELicense.Core.Documents;
using Xunit;

namespace ELicense.Core.Tests.Documents;

public sealed class PdfSignatureBytesTests
{
    private static byte[] Pdf(string byteRange, string contents) =>
        Ascii.ASCII.GetBytes($"%PDF-1.7\n1 0 obj <</Type/Sig/ByteRange{byteRange}/Contents{contents}>> endobj\n%%EOF\n");

    [Fact]
    public void Finds_the_signature_and_the_two_signed_ranges()
    {
        var template = Pdf("[0 0000000000 0000000000 0000000000]", "<ABCD00>");
        var text = Ascii.ASCII.GetString(template);
        var start = text.IndexOf("<ABCD00>", StringComparison.Ordinal);
        var end = start + "<ABCD00>".Length;
        var pdf = Pdf($"[0 {start} {end} {template.Length - end}]".PadRight(36), "<ABCD00>");

        Assert.True(PdfSignatureBytes.TryRead(pdf, out var signature, out var error), error);
        Assert.Equal(new byte[] { 0xAB, 0xCD, 0x00 }, signature!.Signature);
        Assert.True(signature.CoversWholeFile);
        Assert.Equal(pdf.Length - 8, signature.SignedParts.Sum(p => p.Length));

        Assert.True(PdfSignatureBytes.TryRead(pdf.Concat("appended"u8.ToArray()).ToArray(), out var appended, out _));
        Assert.False(appended!.CoversWholeFile);
    }

    [Theory]
    [InlineData("%PDF-1.7 no signature here")]
    [InlineData("/ByteRange [0 5 9]")]
    [InlineData("/ByteRange [0 5 3 1]")]
    [InlineData("/ByteRange [0 10 20 99999]")]
    [InlineData("/ByteRange [0 -1 20 5]")]
    [InlineData("/ByteRange [a b c d]")]
    [InlineData("/ByteRange [0 2 5 30] xx not hex here at all")]
    [InlineData("/ByteRange")]
    public void Malformed_signatures_are_refused_with_a_reason(string text)
    {
        Assert.False(PdfSignatureBytes.TryRead(Ascii.ASCII.GetBytes(text), out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Random_bytes_around_a_byte_range_never_throw()
    {
        var random = new Random(11);
        for (var i = 0; i < 3_000; i++)
        {
            var noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);
            var numbers = string.Join(' ', Enumerable.Range(0, 4).Select(_ => random.Next(-5, 400)));
            _ = PdfSignatureBytes.TryRead(noise.Concat(Ascii.ASCII.GetBytes($"/ByteRange [{numbers}]")).Concat(noise).ToArray(), out _, out _);
        }
    }
}
