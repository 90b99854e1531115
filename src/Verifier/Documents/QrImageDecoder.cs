using ELicense.Core.Encoding;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace ELicense.Verifier.Documents;

/// <summary>
/// Finds the QR code in a picture: a photo of a phone screen or of a printed licence (JPEG, PNG,
/// WebP, GIF, BMP), or the grey page a PDF renders to. Pictures are decoded with SkiaSharp and read
/// with ZXing. The size is checked from the header before any pixel is decoded, so a small file
/// that claims a huge picture costs nothing. JPEG and WebP are decoded scaled down to about
/// <see cref="WorkingSide"/> pixels; PNG, GIF and BMP can only be decoded at full size, so they get
/// the smaller limit <see cref="MaxUnscaledPixels"/>. Pixels are kept as 8-bit grey, one byte each:
/// PNG, BMP and JPEG are decoded row by row into a grey picture shrunk on the fly, so a 12-megapixel
/// PNG costs a few megabytes, not the 48 of its colour pixels.
/// </summary>
public static class QrImageDecoder
{
    /// <summary>The most pixels a picture decoded scaled down (JPEG, WebP) may claim: a 48-megapixel phone photo.</summary>
    public const long MaxPixels = 48_000_000;

    /// <summary>The most pixels a picture decoded at full size (PNG, GIF, BMP) may claim: a 12-megapixel photo or
    /// a 4K screenshot with room to spare. An 8000 × 6000 PNG of one colour is 57 KB but 192 MB of pixels.</summary>
    public const long MaxUnscaledPixels = 12_000_000;

    /// <summary>Longer sides are scaled down to about this many pixels before reading (a QR of a licence needs far less).</summary>
    public const int WorkingSide = 2_000;

    // ZXing's weights for luminance (RGBLuminanceSource), so a picture reads as it did in colour.
    private const int RedWeight = 19_562;
    private const int GreenWeight = 38_550;
    private const int BlueWeight = 7_424;

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    /// <summary>What reading a picture found.</summary>
    public enum Outcome
    {
        Found,
        NotAnImage,
        TooLarge,
        NoQrCode,
    }

    /// <summary>Whether the bytes start like a picture this decoder reads.</summary>
    public static bool LooksLikeImage(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Png) || bytes.StartsWith(Jpeg)
        || bytes.StartsWith("GIF8"u8) || bytes.StartsWith("BM"u8)
        || (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8));

    /// <summary>Reads the QR code of an encoded picture; with several, the first that looks like an ELicense code.</summary>
    public static Outcome TryRead(byte[] picture, out string? text)
    {
        text = null;
        var outcome = TryDecodeGrey(picture, out var grey);
        if (outcome != Outcome.Found)
        {
            return outcome;
        }

        text = ReadGrey(grey.Pixels, grey.Width, grey.Height);
        return text is null ? Outcome.NoQrCode : Outcome.Found;
    }

    /// <summary>Decodes an encoded picture to grey, one byte per pixel row by row, at most about
    /// <see cref="WorkingSide"/> pixels on its longer side (<see cref="Outcome.Found"/>: it could be decoded).</summary>
    internal static Outcome TryDecodeGrey(byte[] picture, out (byte[] Pixels, int Width, int Height) grey)
    {
        grey = default;
        using var codec = SKCodec.Create(new SKMemoryStream(picture));
        if (codec is null)
        {
            return Outcome.NotAnImage;
        }

        var info = codec.Info;
        var pixels = (long)info.Width * info.Height;
        if (info.Width <= 0 || info.Height <= 0 || pixels > MaxPixels)
        {
            return Outcome.TooLarge;
        }

        var longest = Math.Max(info.Width, info.Height);
        var size = longest > WorkingSide ? codec.GetScaledDimensions((float)WorkingSide / longest) : info.Size;
        if (pixels > MaxUnscaledPixels && (long)size.Width * size.Height >= pixels)
        {
            // The codec cannot decode it scaled down: all its pixels would be decoded.
            return Outcome.TooLarge;
        }

        var decoded = DecodeGrey(codec, size);
        if (decoded is null)
        {
            return Outcome.NotAnImage;
        }

        grey = decoded.Value;
        return Outcome.Found;
    }

    /// <summary>Reads the QR code of a grey picture, one byte per pixel, row by row.</summary>
    public static string? ReadGrey(byte[] pixels, int width, int height) =>
        Read(new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8));

    /// <summary>The picture decoded at <paramref name="size"/> as grey, shrunk by a whole factor when still larger
    /// than 1.5 × <see cref="WorkingSide"/>; null when it cannot be decoded.</summary>
    private static (byte[] Pixels, int Width, int Height)? DecodeGrey(SKCodec codec, SKSizeI size)
    {
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var longest = Math.Max(size.Width, size.Height);
        var factor = longest > WorkingSide * 3 / 2 ? (longest + WorkingSide - 1) / WorkingSide : 1;
        var grey = new GreyShrinker(size.Width, size.Height, factor);
        if (codec.StartScanlineDecode(info) == SKCodecResult.Success)
        {
            // Row by row: only one row of colour pixels is held at a time (in SkiaSharp's memory, freed at once).
            var bottomUp = codec.ScanlineOrder == SKCodecScanlineOrder.BottomUp;
            using var row = new SKBitmap(info.WithSize(size.Width, 1));
            for (var i = 0; i < size.Height; i++)
            {
                // Past the end of a truncated file the codec fills the rows it could not decode.
                codec.GetScanlines(row.GetPixels(), 1, row.RowBytes);
                grey.AddRow(bottomUp ? size.Height - 1 - i : i, row.GetPixelSpan());
            }

            return grey.Finish();
        }

        // GIF and WebP decode only whole: their colour pixels at the (scaled) size, then to grey.
        using var whole = new SKBitmap(info);
        var result = whole.GetPixels() == IntPtr.Zero ? SKCodecResult.InternalError : codec.GetPixels(info, whole.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        var pixels = whole.GetPixelSpan();
        for (var y = 0; y < size.Height; y++)
        {
            grey.AddRow(y, pixels.Slice(y * whole.RowBytes, size.Width * 4));
        }

        return grey.Finish();
    }

    private static string? Read(LuminanceSource source)
    {
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        var results = reader.DecodeMultiple(source);
        if (results is null || results.Length == 0)
        {
            return null;
        }

        return (results.FirstOrDefault(r => r.Text.StartsWith(PayloadKinds.LicencePrefix, StringComparison.Ordinal) || r.Text.StartsWith(PayloadKinds.PresentationPrefix, StringComparison.Ordinal)) ?? results[0]).Text;
    }

    /// <summary>Turns rows of RGBA pixels into grey (composed over white, with ZXing's weights), averaging
    /// squares of <c>factor</c> × <c>factor</c> pixels into one. Rows arrive top-down or bottom-up.</summary>
    private sealed class GreyShrinker(int width, int height, int factor)
    {
        private readonly int outWidth = (width + factor - 1) / factor;
        private readonly int outHeight = (height + factor - 1) / factor;
        private readonly byte[] pixels = new byte[(long)((width + factor - 1) / factor) * ((height + factor - 1) / factor)];
        private readonly long[] sums = new long[(width + factor - 1) / factor];
        private int band = -1;
        private int rowsInBand;

        public void AddRow(int y, ReadOnlySpan<byte> rgba)
        {
            if (y / factor != band)
            {
                Flush();
                band = y / factor;
            }

            for (var x = 0; x < width; x++)
            {
                var at = x * 4;
                var luminance = ((RedWeight * rgba[at]) + (GreenWeight * rgba[at + 1]) + (BlueWeight * rgba[at + 2])) >> 16;
                var alpha = rgba[at + 3];
                sums[x / factor] += ((luminance * alpha) >> 8) + ((255 * (255 - alpha)) >> 8);
            }

            rowsInBand++;
        }

        public (byte[] Pixels, int Width, int Height) Finish()
        {
            Flush();
            return (pixels, outWidth, outHeight);
        }

        private void Flush()
        {
            if (band < 0 || rowsInBand == 0)
            {
                return;
            }

            var start = band * outWidth;
            for (var x = 0; x < outWidth; x++)
            {
                var columns = Math.Min(factor, width - (x * factor));
                pixels[start + x] = (byte)Math.Min(255, sums[x] / (columns * rowsInBand));
                sums[x] = 0;
            }

            rowsInBand = 0;
        }
    }
}
