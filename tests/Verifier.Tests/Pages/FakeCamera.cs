using System.Text;
using SkiaSharp;

namespace ELicense.Verifier.Tests.Pages;

/// <summary>A Y4M video (what Chromium's fake camera plays) of a picture held up on a grey desk.</summary>
public static class FakeCamera
{
    public static string Write(byte[] picture, string folder, int width = 1280, int height = 720, int frames = 5)
    {
        using var source = SKBitmap.Decode(picture);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        surface.Canvas.Clear(new SKColor(150, 150, 145));
        var side = height * 0.9f;
        using (var image = SKImage.FromBitmap(source))
        {
            surface.Canvas.DrawImage(image, new SKRect((width - side) / 2, (height - side) / 2, (width + side) / 2, (height + side) / 2), new SKSamplingOptions(SKFilterMode.Nearest));
        }

        using var pixels = surface.Snapshot();
        using var bitmap = SKBitmap.FromImage(pixels);
        var luma = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                luma[(y * width) + x] = (byte)(((66 * c.Red) + (129 * c.Green) + (25 * c.Blue) + 128 >> 8) + 16);
            }
        }

        var chroma = Enumerable.Repeat((byte)128, width * height / 4).ToArray();
        var path = Path.Combine(folder, "camera.y4m");
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n"));
        for (var i = 0; i < frames; i++)
        {
            file.Write("FRAME\n"u8);
            file.Write(luma);
            file.Write(chroma);
            file.Write(chroma);
        }

        return path;
    }
}
