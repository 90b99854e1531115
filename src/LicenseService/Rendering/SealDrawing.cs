using PdfSharp.Drawing;

namespace ELicense.LicenseService.Rendering;

/// <summary>
/// The issuing authority's round red seal (公章), drawn as vector: a ring, a five-pointed star, the
/// authority's name along the upper arc and the seal's purpose across the bottom.
/// </summary>
public static class SealDrawing
{
    public static readonly XColor Red = XColor.FromArgb(0xD7, 0x1A, 0x21);

    /// <summary>Draws the seal centred at (<paramref name="centreX"/>, <paramref name="centreY"/>).</summary>
    public static void Draw(XGraphics graphics, double centreX, double centreY, double radius, string authority, string purpose, string fontFamily)
    {
        var red = new XSolidBrush(Red);
        graphics.DrawEllipse(new XPen(Red, radius * 0.06), centreX - radius, centreY - radius, 2 * radius, 2 * radius);
        DrawStar(graphics, red, centreX, centreY, radius * 0.30);

        var nameFont = new XFont(fontFamily, radius * 0.24, XFontStyleEx.Regular, PdfRendering.UnicodeOptions);
        var sweep = Math.Min(250.0, 22.0 * authority.Length);
        var step = authority.Length > 1 ? sweep / (authority.Length - 1) : 0;
        for (var i = 0; i < authority.Length; i++)
        {
            var angle = -sweep / 2 + (i * step);
            var state = graphics.Save();
            graphics.RotateAtTransform(angle, new XPoint(centreX, centreY));
            graphics.DrawString(authority[i].ToString(), nameFont, red,
                new XRect(centreX - radius * 0.2, centreY - radius * 0.86, radius * 0.4, radius * 0.3), XStringFormats.Center);
            graphics.Restore(state);
        }

        var purposeFont = new XFont(fontFamily, radius * 0.13, XFontStyleEx.Regular, PdfRendering.UnicodeOptions);
        graphics.DrawString(purpose, purposeFont, red,
            new XRect(centreX - radius * 0.6, centreY + radius * 0.36, radius * 1.2, radius * 0.2), XStringFormats.Center);
    }

    private static void DrawStar(XGraphics graphics, XBrush brush, double centreX, double centreY, double outer)
    {
        var inner = outer * 0.382;
        var points = new XPoint[10];
        for (var i = 0; i < 10; i++)
        {
            var r = i % 2 == 0 ? outer : inner;
            var angle = Math.PI / 2 + (i * Math.PI / 5);
            points[i] = new XPoint(centreX + r * Math.Cos(angle), centreY - r * Math.Sin(angle));
        }

        graphics.DrawPolygon(brush, points, XFillMode.Winding);
    }
}
