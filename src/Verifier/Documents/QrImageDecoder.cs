using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace ELicense.Verifier.Documents;

/// <summary>
/// Finds the QR code in a picture: a photo of a phone screen or of a printed licence (JPEG, PNG,
/// WebP, GIF, BMP), or the grey page a PDF renders to. Pictures are decoded with SkiaSharp and read
/// with ZXing. The size is checked from the header before any pixel is decoded, so a small file
/// that claims a huge picture costs nothing; large photos are decoded scaled down.
/// </summary>
public static class QrImageDecoder
{
    /// <summary>The most pixels a picture may claim (a 48-megapixel phone photo).</summary>
    public const long MaxPixels = 48_000_000;

    /// <summary>Longer sides are scaled down to about this many pixels before reading (a QR of a licence needs far less).</summary>
    public const int WorkingSide = 2_000;

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
        using var codec = SKCodec.Create(new SKMemoryStream(picture));
        if (codec is null)
        {
            return Outcome.NotAnImage;
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
        {
            return Outcome.TooLarge;
        }

        var longest = Math.Max(info.Width, info.Height);
        var size = longest > WorkingSide ? codec.GetScaledDimensions((float)WorkingSide / longest) : info.Size;
        using var bitmap = SKBitmap.Decode(codec, new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (bitmap is null)
        {
            return Outcome.NotAnImage;
        }

        using var working = bitmap.Width > WorkingSide * 3 / 2 || bitmap.Height > WorkingSide * 3 / 2 ? Scale(bitmap, longest) : null;
        var source = working ?? bitmap;
        text = Read(new RGBLuminanceSource(source.Bytes, source.Width, source.Height, RGBLuminanceSource.BitmapFormat.RGBA32));
        return text is null ? Outcome.NoQrCode : Outcome.Found;
    }

    /// <summary>Reads the QR code of a grey picture, one byte per pixel, row by row.</summary>
    public static string? ReadGrey(byte[] pixels, int width, int height) =>
        Read(new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8));

    private static SKBitmap Scale(SKBitmap bitmap, int longest)
    {
        var factor = (double)WorkingSide / Math.Max(bitmap.Width, bitmap.Height);
        return bitmap.Resize(new SKImageInfo((int)(bitmap.Width * factor), (int)(bitmap.Height * factor), SKColorType.Rgba8888, SKAlphaType.Unpremul),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)) ?? throw new InvalidOperationException($"Scaling a {longest}-pixel picture failed.");
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

        return (results.FirstOrDefault(r => r.Text.StartsWith("ELC1:", StringComparison.Ordinal) || r.Text.StartsWith("ELP1:", StringComparison.Ordinal)) ?? results[0]).Text;
    }
}
