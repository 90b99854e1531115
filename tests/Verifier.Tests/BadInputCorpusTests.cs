using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using QRCoder;
using SkiaSharp;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ELicense.Verifier.Tests;

/// <summary>
/// More than a hundred bad inputs to <c>POST /api/v1/verify</c> — tampered, truncated, wrong prefix,
/// junk text, pictures with no or a foreign QR code, broken pictures, edited, unsigned, appended,
/// truncated and forged PDFs, oversized and mistyped uploads — each answered with a verdict that is
/// not VALID or with a 4xx Problem Details in both languages; never a 5xx, and the Verifier still
/// answers a genuine licence VALID afterwards. The genuine inputs of each kind are checked too, so a
/// decoder that finds nothing cannot pass.
/// </summary>
[TestCaseOrderer(OrdererTypeName, "Verifier.Tests")]
public sealed class BadInputCorpusTests(VerifierFixture fixture) : IClassFixture<VerifierFixture>
{
    private const string OrdererTypeName = "ELicense.Verifier.Tests." + nameof(BadInputCorpusTests) + "+" + nameof(CorpusOrder);

    private const string Base45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    /// <summary>The corpus made from the running province's own licence, its PDF and its QR picture, once per fixture.</summary>
    private static readonly ConditionalWeakTable<VerifierFixture, Lazy<Task<List<Case>>>> Built = new();

    /// <summary>
    /// The cases by name. Names never depend on the inputs' lengths, so the same corpus made from a licence signed here (with
    /// the development key the province imports) names every case the running province's corpus has.
    /// </summary>
    public static TheoryData<string> CaseNames() => new(Names());

    private static List<string> Names()
    {
        var signer = ForgedPdf.DevSigner("320000", KeyFamily.Sm2);
        var qr = Core.Encoding.QrPayloadCodec.Encode(Some.Licence(BaseTypes.IdCard, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-1)), signer);
        var other = Core.Encoding.QrPayloadCodec.Encode(Some.Licence(BaseTypes.IdCard, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-1), statusIndex: 4712), signer);
        return [.. Corpus(qr, other, ForgedPdf.Make(qr, qr, signer), QrPng(qr)).Select(c => c.Name)];
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_bad_input_gets_a_verdict_or_a_4xx_with_a_reason_never_a_5xx(string name)
    {
        var item = (await CorpusAsync()).Single(c => c.Name == name);

        var (status, body) = await item.Send(fixture);

        var outcome = (int)status == 200 ? Verdict(body) : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((int)status < 500 && item.Expected.Any(e => outcome == e || outcome.StartsWith(e + ":", StringComparison.Ordinal)),
            $"expected {string.Join(" or ", item.Expected)}, got {outcome} {body.ToString()[..Math.Min(300, body.ToString().Length)]}");
        if ((int)status >= 400)
        {
            Assert.True(body.TryGetProperty("detailZh", out _) && body.TryGetProperty("type", out _), $"{outcome} without Problem Details in both languages");
        }
    }

    /// <summary>Run after every case: the corpus is large and named once each, and the Verifier still answers a genuine PDF VALID.</summary>
    [Fact]
    public async Task After_the_corpus_of_over_a_hundred_named_bad_inputs_the_Verifier_still_answers_a_genuine_PDF_VALID()
    {
        var cases = await CorpusAsync();

        Assert.True(cases.Count(c => !c.Genuine) >= 100, $"only {cases.Count(c => !c.Genuine)} bad cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        Assert.Equal(Names().Order(), cases.Select(c => c.Name).Order());
        var pdf = await fixture.Province.PdfAsync(await fixture.Province.IssueAsync());
        Assert.Equal("VALID", Verdict((await fixture.UploadAsync(pdf, "licence.pdf")).Body));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/health/ready")).StatusCode);
    }

    private static List<Case> Corpus(string qr, string other, byte[] pdf, byte[] png) =>
        [.. TextCases(qr), .. PictureCases(qr, png), .. PdfCases(qr, other, pdf), .. RequestCases(pdf)];

    private Task<List<Case>> CorpusAsync() => Built.GetValue(fixture, f => new Lazy<Task<List<Case>>>(async () =>
    {
        var qr = await f.Province.IssueAsync();
        var other = await f.Province.IssueAsync();
        var pdf = await f.Province.PdfAsync(qr);
        return Corpus(qr, other, pdf, await f.Province.QrPngAsync(qr));
    })).Value;

    private static IEnumerable<Case> TextCases(string qr)
    {
        yield return Case.Text("genuine QR text", qr, "VALID");
        var random = new Random(6);
        for (var i = 0; i < 30; i++)
        {
            var at = 5 + (i * (qr.Length - 6) / 30);
            var replacement = Base45[(Base45.IndexOf(qr[at], StringComparison.Ordinal) + 1 + random.Next(Base45.Length - 1)) % Base45.Length];
            yield return Case.Text($"tampered at the {i + 1}th of 30 places", qr[..at] + replacement + qr[(at + 1)..], "INVALID");
        }

        foreach (var (label, length) in new[]
        {
            ("1", 1), ("4", 4), ("5", 5), ("6", 6), ("10", 10), ("40", 40), ("100", 100), ("a third", qr.Length / 3), ("half", qr.Length / 2),
            ("all but 20", qr.Length - 20), ("all but 3", qr.Length - 3), ("all but 1", qr.Length - 1),
        })
        {
            yield return Case.Text($"truncated to {label}", qr[..length], "INVALID");
        }

        yield return Case.Text("two characters swapped", qr[..20] + qr[21] + qr[20] + qr[22..], "INVALID");
        yield return Case.Text("doubled", qr + qr[5..], "INVALID");
        foreach (var prefix in new[] { "ELC2:", "elc1:", "ELX1:", "HC1:", "ELC1", "ELC1::", " ELC1:", "ELP1:" })
        {
            yield return Case.Text($"prefix {prefix}", prefix + qr[5..], "INVALID");
        }

        yield return Case.Text("prefix removed", qr[5..], "INVALID:PREFIX_UNKNOWN");
        foreach (var junk in new[] { "hello", "张三 11010519491231002X", "https://www.gov.cn/", "{\"qr\":1}", "ELC1:", "ELP1:", "\u0000\u0001\u0002", "ELC1:" + new string('0', 8000), "ELC1:😀😀", "ELC1:abc", "' OR 1=1 --", "<script>alert(1)</script>" })
        {
            yield return Case.Text($"junk {junk[..Math.Min(16, junk.Length)]}", junk, "INVALID");
        }

        yield return Case.Text("8,193 characters", "ELC1:" + new string('A', 8188), "400");
        yield return Case.Json("malformed JSON", "{\"qr\":", "400");
        yield return Case.Json("qr is a number", "{\"qr\":42,\"purpose\":\"x\"}", "400");
        yield return Case.Json("qr is an array", "{\"qr\":[\"ELC1:\"],\"purpose\":\"x\"}", "400");
        yield return Case.Json("no purpose", $"{{\"qr\":\"{qr}\"}}", "400");
        yield return Case.Json("empty object", "{}", "400");
        yield return Case.Json("null", "null", "400");
    }

    private static IEnumerable<Case> PictureCases(string qr, byte[] png)
    {
        using var picture = SKBitmap.Decode(png);
        yield return Case.Upload("genuine QR PNG", png, "VALID");
        yield return Case.Upload("photo: JPEG, turned and on a grey desk", Photo(picture, 8, SKEncodedImageFormat.Jpeg, 75), "VALID");
        yield return Case.Upload("photo: WebP, turned the other way", Photo(picture, -12, SKEncodedImageFormat.Webp, 80), "VALID");
        yield return Case.Upload("QR of a tampered text", QrPng(qr[..40] + (qr[40] == 'A' ? 'B' : 'A') + qr[41..]), "INVALID");
        yield return Case.Upload("QR of another prefix", QrPng("ELC2:" + qr[5..]), "INVALID:PREFIX_UNKNOWN");
        yield return Case.Upload("QR of a web address", QrPng("https://zwfw.example.gov.cn/licence/123"), "INVALID:PREFIX_UNKNOWN");
        yield return Case.Upload("QR of a truncated licence", QrPng(qr[..(qr.Length / 2)]), "INVALID");
        yield return Case.Upload("random noise PNG", Noise(400, 400, SKEncodedImageFormat.Png), "422");
        yield return Case.Upload("random noise JPEG", Noise(1200, 900, SKEncodedImageFormat.Jpeg), "422");
        yield return Case.Upload("white picture", Plain(300, 300, SKColors.White), "422");
        yield return Case.Upload("black picture", Plain(50, 50, SKColors.Black), "422");
        yield return Case.Upload("one pixel", Plain(1, 1, SKColors.Red), "422");
        yield return Case.Upload("QR cut in half", Crop(picture, 0.5), "422", "INVALID");
        yield return Case.Upload("PNG truncated to half", png[..(png.Length / 2)], "422", "INVALID");
        yield return Case.Upload("PNG header only", png[..64], "422");
        yield return Case.Upload("PNG signature and noise", [.. png[..8], .. Bytes(2000, 1)], "422");
        yield return Case.Upload("JPEG marker and noise", [0xFF, 0xD8, 0xFF, 0xE0, .. Bytes(3000, 2)], "422");
        yield return Case.Upload("GIF header and noise", [.. "GIF89a"u8.ToArray(), .. Bytes(500, 3)], "422");
        yield return Case.Upload("BMP header and noise", [.. "BM"u8.ToArray(), .. Bytes(500, 4)], "422");
        yield return Case.Upload("WebP header and noise", [.. "RIFF"u8.ToArray(), 0, 0, 0, 0, .. "WEBP"u8.ToArray(), .. Bytes(500, 5)], "422");
        yield return Case.Upload("PNG claiming 100,000 × 100,000 pixels", HugePng(100_000, 100_000), "422");
        yield return Case.Upload("PNG with a flipped byte in its data", Flip(png, png.Length / 2), "422", "INVALID", "VALID");
    }

    private static IEnumerable<Case> PdfCases(string qr, string other, byte[] pdf)
    {
        yield return Case.Upload("genuine PDF", pdf, "VALID");
        var signature = ELicense.Core.Documents.PdfSignatureBytes.TryRead(pdf, out var parts, out _) ? parts! : throw new InvalidOperationException("no signature");
        var firstRange = signature.SignedParts[0].Length;
        foreach (var fraction in new[] { 0.02, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 })
        {
            var at = (int)(firstRange * fraction);
            yield return Case.Upload($"PDF edited {fraction * 100:0} % into its first signed range", Flip(pdf, at), "INVALID");
        }

        var text = Encoding.Latin1.GetString(pdf);
        var payloadAt = text.IndexOf("/ELicensePayload(", StringComparison.Ordinal) + 30;
        yield return Case.Upload("PDF with an edited payload string", Flip(pdf, payloadAt), "INVALID:PDF_SIGNATURE_INVALID");
        yield return Case.Upload("PDF edited after the signature", Flip(pdf, pdf.Length - 10), "INVALID");
        yield return Case.Upload("PDF with its signature removed", Replace(pdf, "/ByteRange", "/ByteRangX"), "INVALID:PDF_UNSIGNED");
        yield return Case.Upload("PDF with its signature zeroed", ZeroSignature(pdf, signature), "INVALID:PDF_SIGNATURE_INVALID");
        yield return Case.Upload("PDF with content appended", [.. pdf, .. "\n1 0 obj\n<< /Title (forged) >>\nendobj\n%%EOF\n"u8.ToArray()], "INVALID:PDF_MODIFIED_AFTER_SIGNING");
        yield return Case.Upload("PDF with a /ByteRange beyond the file", Encoding.Latin1.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, @"/ByteRange\s*\[\s*0\s+\d+\s+(\d+)", m => m.Value.Replace(m.Groups[1].Value, (pdf.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))), "INVALID");
        foreach (var (label, length) in new[] { ("5 bytes", 5), ("100 bytes", 100), ("1000 bytes", 1000), ("half", pdf.Length / 2), ("all but 100 bytes", pdf.Length - 100) })
        {
            yield return Case.Upload($"PDF truncated to {label}", pdf[..length], "INVALID");
        }

        yield return Case.Upload("%PDF- and noise", [.. "%PDF-1.7\n"u8.ToArray(), .. Bytes(5000, 7)], "INVALID:PDF_UNSIGNED");
        yield return Case.Upload("PDF whose printed QR differs from its payload", ForgedPdf.Make(other, qr, ForgedPdf.DevSigner("320000", KeyFamily.Rsa)), "INVALID:PDF_QR_MISMATCH");
        yield return Case.Upload("PDF of a genuine licence signed by an impostor", ForgedPdf.Make(qr, qr, TestPki.Untrusted.SignerFor("320000")), "INVALID:UNTRUSTED_ISSUER");
        yield return Case.Upload("PDF signed by another province's trusted-looking key", ForgedPdf.Make(qr, qr, ForgedPdf.DevSigner("330000", KeyFamily.Sm2)), "INVALID");
    }

    private static IEnumerable<Case> RequestCases(byte[] pdf)
    {
        yield return Case.Upload("11 MB upload", new byte[11 * 1024 * 1024], "413");
        yield return Case.Upload("empty file", [], "415");
        yield return Case.Upload("ZIP file", [.. "PK\u0003\u0004"u8.ToArray(), .. Bytes(300, 8)], "415");
        yield return Case.Upload("text file", "ELC1: not really"u8.ToArray(), "415");
        yield return Case.Upload("ELF executable", [0x7F, (byte)'E', (byte)'L', (byte)'F', .. Bytes(300, 9)], "415");
        yield return Case.Raw("PDF sent as application/pdf", pdf, "application/pdf", "415");
        yield return Case.Raw("text/plain body", "ELC1:ABC"u8.ToArray(), "text/plain", "415");
        yield return Case.Raw("XML body", "<qr>ELC1:ABC</qr>"u8.ToArray(), "application/xml", "415");
        yield return Case.Raw("form-urlencoded body", "qr=ELC1%3AABC&purpose=x"u8.ToArray(), "application/x-www-form-urlencoded", "415");
        yield return Case.Raw("no content type", "{}"u8.ToArray(), null, "415");
        yield return Case.Raw("multipart with a broken boundary", "--xyz\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nx"u8.ToArray(), "multipart/form-data; boundary=abc", "400");
        yield return Case.Form("form without file or qr", [("purpose", "核验")], null, "400");
        yield return Case.Form("form without purpose", [], pdf, "400");
        yield return Case.Form("form with both qr and file", [("purpose", "核验"), ("qr", "ELC1:ABC")], pdf, "400");
        yield return Case.Form("form with a 101-character purpose", [("purpose", new string('事', 101))], pdf, "400");
    }

    private static string Verdict(JsonElement body) =>
        body.GetProperty("verdict").GetString() + (body.GetProperty("reasons").GetArrayLength() > 0 ? ":" + body.GetProperty("reasons")[0].GetProperty("code").GetString() : "");

    private static byte[] QrPng(string text)
    {
        using var data = new QRCodeGenerator().CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(4, [0, 0, 0], [255, 255, 255]);
    }

    private static byte[] Photo(SKBitmap qr, float degrees, SKEncodedImageFormat format, int quality)
    {
        using var surface = SKSurface.Create(new SKImageInfo(qr.Width * 2 + 200, qr.Height * 2 + 200));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(170, 170, 160));
        canvas.Translate(surface.Canvas.DeviceClipBounds.MidX, surface.Canvas.DeviceClipBounds.MidY);
        canvas.RotateDegrees(degrees);
        canvas.Scale(1.6f);
        using var image0 = SKImage.FromBitmap(qr);
        canvas.DrawImage(image0, -qr.Width / 2f, -qr.Height / 2f, new SKSamplingOptions(SKFilterMode.Linear));
        using var image = surface.Snapshot();
        return image.Encode(format, quality).ToArray();
    }

    private static byte[] Noise(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(width);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        return bitmap.Encode(format, 90).ToArray();
    }

    private static byte[] Plain(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        return bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private static byte[] Crop(SKBitmap bitmap, double fraction)
    {
        using var half = new SKBitmap((int)(bitmap.Width * fraction), bitmap.Height);
        bitmap.ExtractSubset(half, new SKRectI(0, 0, half.Width, half.Height));
        return half.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>A PNG whose header claims a picture far too large, followed by a tiny data chunk.</summary>
    private static byte[] HugePng(int width, int height)
    {
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, System.IO.Hashing.Crc32.HashToUInt32(typed));
        return [.. length, .. typed, .. crc];
    }

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        copy[at] = (byte)(copy[at] == (byte)'A' ? 'B' : copy[at] is >= 0x30 and <= 0x7A ? copy[at] + 1 : copy[at] ^ 0x01);
        return copy;
    }

    private static byte[] Replace(byte[] bytes, string find, string replacement)
    {
        var text = Encoding.Latin1.GetString(bytes);
        Assert.Contains(find, text, StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text.Replace(find, replacement, StringComparison.Ordinal));
    }

    private static byte[] ZeroSignature(byte[] pdf, ELicense.Core.Documents.PdfSignatureBytes signature)
    {
        var copy = pdf.ToArray();
        var start = signature.SignedParts[0].Length + 1;
        var end = pdf.Length - signature.SignedParts[1].Length - 1;
        Array.Fill(copy, (byte)'0', start, end - start);
        return copy;
    }

    /// <summary>One input and the outcomes it may get: a verdict (optionally with its first reason) or an HTTP status.</summary>
    private sealed record Case(string Name, Func<VerifierFixture, Task<(HttpStatusCode, JsonElement)>> Send, string[] Expected)
    {
        public bool Genuine => Expected is ["VALID"];

        public static Case Text(string name, string qr, params string[] expected) =>
            new(name, f => SendAsync(f, JsonContent.Create(new { qr, purpose = "核验" })), expected);

        public static Case Json(string name, string json, params string[] expected) =>
            new(name, f => SendAsync(f, new StringContent(json, Encoding.UTF8, "application/json")), expected);

        public static Case Upload(string name, byte[] file, params string[] expected) => new(name, f => f.UploadAsync(file), expected);

        public static Case Raw(string name, byte[] body, string? contentType, params string[] expected)
        {
            return new Case(name, f =>
            {
                var content = new ByteArrayContent(body);
                if (contentType is not null)
                {
                    content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
                }

                return SendAsync(f, content);
            }, expected);
        }

        public static Case Form(string name, (string Name, string Value)[] fields, byte[]? file, params string[] expected) => new(name, f =>
        {
            var form = new MultipartFormDataContent();
            foreach (var (field, value) in fields)
            {
                form.Add(new StringContent(value), field);
            }

            if (file is not null)
            {
                form.Add(new ByteArrayContent(file), "file", "licence.pdf");
            }

            return SendAsync(f, form);
        }, expected);

        private static async Task<(HttpStatusCode, JsonElement)> SendAsync(VerifierFixture fixture, HttpContent content)
        {
            using (content)
            {
                using var response = await fixture.Client.PostAsync("/api/v1/verify", content);
                var text = await response.Content.ReadAsStringAsync();
                return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
            }
        }
    }

    /// <summary>Every case in corpus order, then the check that the Verifier still answers.</summary>
    public sealed class CorpusOrder : ITestCaseOrderer
    {
        public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
            where TTestCase : ITestCase
            => testCases.OrderBy(t => t.TestMethod.Method.Name == nameof(After_the_corpus_of_over_a_hundred_named_bad_inputs_the_Verifier_still_answers_a_genuine_PDF_VALID) ? 1 : 0);
    }
}
