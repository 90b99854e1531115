using System.Buffers.Binary;
using ELicense.Verifier.Documents;
using QRCoder;
using SkiaSharp;

namespace ELicense.Verifier.Tests;

/// <summary>
/// The picture decoder in process: PNG, JPEG, WebP and BMP (bottom-up and top-down rows), transparent
/// backgrounds and pictures shrunk to grey are read alike; the pixel limits depend on whether the format
/// can be decoded scaled down (12 million for PNG, GIF and BMP, 48 million for JPEG and WebP).
/// </summary>
public sealed class QrImageDecoderTests
{
    private const string Text = "ELC1:QR-IMAGE-DECODER-TEST-0123456789";

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void A_QR_code_is_read_from_each_encoded_format(SKEncodedImageFormat format)
    {
        using var picture = Canvas(900, 700, SKColors.White, 8);

        Assert.Equal(QrImageDecoder.Outcome.Found, QrImageDecoder.TryRead(Encode(picture, format), out var text));
        Assert.Equal(Text, text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_QR_code_is_read_from_a_BMP_whichever_way_its_rows_are_stored(bool bottomUp)
    {
        using var picture = Canvas(600, 500, SKColors.White, 6);

        Assert.Equal(QrImageDecoder.Outcome.Found, QrImageDecoder.TryRead(Bmp(picture, bottomUp), out var text));
        Assert.Equal(Text, text);
    }

    [Theory]
    [InlineData("BMP stored bottom-up", 600, 400)]
    [InlineData("BMP stored top-down", 600, 400)]
    [InlineData("PNG", 600, 400)]
    [InlineData("PNG shrunk by half", 4000, 3000)]
    [InlineData("JPEG decoded scaled", 8000, 6000)]
    public void The_grey_picture_keeps_the_top_at_the_top_and_is_at_most_about_2000_pixels_wide(string kind, int width, int height)
    {
        // Black above a quarter of the height, white below: flipped rows would put the black at the bottom.
        using var picture = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        picture.Erase(SKColors.White);
        using (var canvas = new SKCanvas(picture))
        {
            using var black = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(0, 0, width, height / 4, black);
        }

        var bytes = kind switch
        {
            "BMP stored bottom-up" => Bmp(picture, bottomUp: true),
            "BMP stored top-down" => Bmp(picture, bottomUp: false),
            "JPEG decoded scaled" => Encode(picture, SKEncodedImageFormat.Jpeg),
            _ => Encode(picture, SKEncodedImageFormat.Png),
        };

        Assert.Equal(QrImageDecoder.Outcome.Found, QrImageDecoder.TryDecodeGrey(bytes, out var grey));
        Assert.True(grey.Width <= QrImageDecoder.WorkingSide * 3 / 2 && grey.Width * height == grey.Height * width, $"{grey.Width} × {grey.Height}");
        Assert.True(grey.Pixels[grey.Width / 2] < 30, $"top: {grey.Pixels[grey.Width / 2]}");
        Assert.True(grey.Pixels[^(grey.Width / 2)] > 225, $"bottom: {grey.Pixels[^(grey.Width / 2)]}");
    }

    [Fact]
    public void Black_modules_on_a_transparent_background_read_as_on_white()
    {
        using var picture = Canvas(700, 700, SKColors.Transparent, 8);

        Assert.Equal(QrImageDecoder.Outcome.Found, QrImageDecoder.TryRead(Encode(picture, SKEncodedImageFormat.Png), out var text));
        Assert.Equal(Text, text);
    }

    [Fact]
    public void A_12_megapixel_PNG_is_read_shrunk_in_grey_and_one_pixel_row_more_is_too_large()
    {
        using var allowed = Canvas(4000, 3000, new SKColor(240, 240, 235), 24);
        Assert.Equal(QrImageDecoder.Outcome.Found, QrImageDecoder.TryRead(Encode(allowed, SKEncodedImageFormat.Png), out var text));
        Assert.Equal(Text, text);

        using var larger = new SKBitmap(new SKImageInfo(4000, 3001, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        larger.Erase(SKColors.White);
        Assert.Equal(QrImageDecoder.Outcome.TooLarge, QrImageDecoder.TryRead(Encode(larger, SKEncodedImageFormat.Png), out _));
        Assert.Equal(QrImageDecoder.Outcome.TooLarge, QrImageDecoder.TryRead(Bmp(larger, bottomUp: true), out _));
    }

    [Fact]
    public void A_JPEG_larger_than_12_megapixels_is_decoded_scaled_down_but_one_over_48_is_too_large()
    {
        using var photo = Canvas(6000, 4000, new SKColor(200, 205, 210), 30);
        Assert.Equal(QrImageDecoder.Outcome.Found, QrImageDecoder.TryRead(Encode(photo, SKEncodedImageFormat.Jpeg), out var text));
        Assert.Equal(Text, text);

        // Only the header is read: a JPEG header claiming 8001 × 6000 pixels is refused before any pixel.
        var jpeg = Encode(photo, SKEncodedImageFormat.Jpeg);
        Assert.Equal(QrImageDecoder.Outcome.TooLarge, QrImageDecoder.TryRead(WithJpegSize(jpeg, 8001, 6000), out _));
    }

    /// <summary>A picture of the given size and background with the QR code of <see cref="Text"/> drawn in its middle, modules of <paramref name="module"/> pixels.</summary>
    private static SKBitmap Canvas(int width, int height, SKColor background, int module)
    {
        using var data = new QRCodeGenerator().CreateQrCode(Text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(background);
        var side = matrix.Count * module;
        var left = (width - side) / 2;
        var top = (height - side) / 2;
        using var canvas = new SKCanvas(bitmap);
        using var black = new SKPaint { Color = SKColors.Black };
        for (var y = 0; y < matrix.Count; y++)
        {
            for (var x = 0; x < matrix.Count; x++)
            {
                if (matrix[y][x])
                {
                    canvas.DrawRect(left + (x * module), top + (y * module), module, module, black);
                }
            }
        }

        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(format, 90).ToArray();
    }

    /// <summary>A 24-bit BMP of the picture (composed over white), rows stored bottom-up (positive height) or top-down (negative).</summary>
    private static byte[] Bmp(SKBitmap bitmap, bool bottomUp)
    {
        var stride = ((bitmap.Width * 3) + 3) & ~3;
        var bytes = new byte[54 + (stride * bitmap.Height)];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), bitmap.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), bottomUp ? bitmap.Height : -bitmap.Height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        Assert.Equal(SKColorType.Rgba8888, bitmap.ColorType);
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < bitmap.Height; y++)
        {
            var row = 54 + (stride * (bottomUp ? bitmap.Height - 1 - y : y));
            for (var x = 0; x < bitmap.Width; x++)
            {
                var at = (y * bitmap.RowBytes) + (4 * x);
                var alpha = pixels[at + 3];
                byte Over(byte channel) => (byte)(((channel * alpha) + (255 * (255 - alpha))) / 255);
                bytes[row + (3 * x)] = Over(pixels[at + 2]);
                bytes[row + (3 * x) + 1] = Over(pixels[at + 1]);
                bytes[row + (3 * x) + 2] = Over(pixels[at]);
            }
        }

        return bytes;
    }

    /// <summary>The JPEG with the size in its start-of-frame header changed.</summary>
    private static byte[] WithJpegSize(byte[] jpeg, int width, int height)
    {
        var changed = (byte[])jpeg.Clone();
        for (var at = 2; at + 9 < changed.Length;)
        {
            var marker = changed[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(changed.AsSpan(at + 2));
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(changed.AsSpan(at + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(changed.AsSpan(at + 7), (ushort)width);
                return changed;
            }

            at += 2 + length;
        }

        throw new InvalidOperationException("no start-of-frame marker");
    }
}
