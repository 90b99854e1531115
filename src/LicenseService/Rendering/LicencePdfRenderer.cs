using System.Globalization;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ELicense.LicenseService.Rendering;

/// <summary>
/// Draws a licence on one A4 page (DESIGN §8): the type's title, the holder and fields with their
/// Chinese labels, the validity and issuing authority, the QR of the signed payload as vector
/// modules with the caption 扫码验证 and the identifier, and the authority's red seal. The signed
/// payload travels inside the PDF too (an attached file and a document-information entry), so a
/// verifier need not read pixels. The caller signs the document.
/// </summary>
public static class LicencePdfRenderer
{
    /// <summary>The name of the attached file that holds the QR payload text.</summary>
    public const string PayloadAttachmentName = "elicense-payload.txt";

    /// <summary>The document-information key that holds the QR payload text.</summary>
    public const string PayloadInfoKey = "/ELicensePayload";

    private const double PageWidth = 595.28;
    private const double LabelX = 72;
    private const double ValueX = 200;
    private const double ValueWidth = 320;
    private const double QrSide = 200;
    private static readonly XColor Ink = XColor.FromArgb(0x21, 0x21, 0x21);
    private static readonly XColor Muted = XColor.FromArgb(0x61, 0x61, 0x61);

    /// <summary>Renders the licence whose signed QR text is <paramref name="qrText"/> and whose content is <paramref name="payload"/>.</summary>
    public static PdfDocument Render(LicencePayload payload, LicenceType type, string qrText)
    {
        var layout = LicenceLayout.For(type);
        var document = new PdfDocument();
        document.Info.Title = $"{type.NameZh} {payload.Identifier}";
        document.Info.Subject = $"{type.NameZh}（电子证照）";
        document.Info.Author = payload.Issuer.AuthorityName;
        document.Info.Creator = "ELicense";
        document.Info.Elements[PayloadInfoKey] = new PdfString(qrText);
        using (var attachment = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(qrText)))
        {
            document.AddEmbeddedFile(PayloadAttachmentName, attachment);
        }

        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using var graphics = XGraphics.FromPdfPage(page);
        var family = CjkFont.Family;
        var accent = new XSolidBrush(layout.Accent);
        graphics.DrawRectangle(new XPen(layout.Accent, 2.5), 28, 28, PageWidth - 56, 841.89 - 56);
        graphics.DrawRectangle(new XPen(layout.Accent, 0.6), 34, 34, PageWidth - 68, 841.89 - 68);

        graphics.DrawString(type.NameZh, Font(family, 30), accent, new XRect(0, 52, PageWidth, 40), XStringFormats.Center);
        graphics.DrawString($"电子证照 · {type.NameEn}", Font(family, 11), new XSolidBrush(Muted), new XRect(0, 94, PageWidth, 18), XStringFormats.Center);
        graphics.DrawLine(new XPen(layout.Accent, 0.8), 72, 124, PageWidth - 72, 124);

        var y = 144.0;
        y = Row(graphics, family, layout.HolderLabel, payload.Holder.Name, y);
        y = Row(graphics, family, layout.IdLabel, payload.Holder.IdNumber, y);
        foreach (var field in type.Fields)
        {
            if (payload.Fields.TryGetValue(field.Key, out var value))
            {
                y = Row(graphics, family, field.LabelZh, field.Kind == FieldKind.Date ? ChineseDate(value) : value, y);
            }
        }

        var until = payload.ValidUntil is { } end ? ChineseDate(end) : "长期";
        y = Row(graphics, family, "有效期限", $"{ChineseDate(payload.ValidFrom)} 至 {until}", y);
        y = Row(graphics, family, "发证机关", payload.Issuer.AuthorityName, y);
        Row(graphics, family, "发证日期", ChineseDate(payload.IssuedAt), y);

        DrawQr(graphics, QrMatrix.Create(qrText), 64, 556);
        graphics.DrawString("扫码验证", Font(family, 14), new XSolidBrush(Ink), new XRect(64, 760, QrSide, 18), XStringFormats.Center);
        SealDrawing.Draw(graphics, 430, 650, 62, payload.Issuer.AuthorityName, "电子证照专用章", family);

        var small = Font(family, 7.5);
        var identifierLines = Wrap(graphics, "证照标识 " + payload.Identifier, small, PageWidth - 144);
        for (var i = 0; i < identifierLines.Count; i++)
        {
            graphics.DrawString(identifierLines[i], small, new XSolidBrush(Muted), new XRect(72, 782 + (i * 10), PageWidth - 144, 10), XStringFormats.Center);
        }

        return document;
    }

    private static double Row(XGraphics graphics, string family, string label, string value, double y)
    {
        var labelFont = Font(family, 12);
        var valueFont = Font(family, 12.5);
        graphics.DrawString(label, labelFont, new XSolidBrush(Muted), new XRect(LabelX, y, ValueX - LabelX - 12, 18), XStringFormats.CenterLeft);
        var lines = Wrap(graphics, value, valueFont, ValueWidth);
        foreach (var line in lines)
        {
            graphics.DrawString(line, valueFont, new XSolidBrush(Ink), new XRect(ValueX, y, ValueWidth, 18), XStringFormats.CenterLeft);
            y += 18;
        }

        return y + 9;
    }

    /// <summary>Draws each dark run as one rectangle; the quiet zone is part of the matrix.</summary>
    private static void DrawQr(XGraphics graphics, QrMatrix matrix, double x, double y)
    {
        var module = QrSide / matrix.Size;
        graphics.DrawRectangle(XBrushes.White, x, y, QrSide, QrSide);
        foreach (var (row, column, length) in matrix.DarkRuns())
        {
            graphics.DrawRectangle(XBrushes.Black, x + (column * module), y + (row * module), length * module, module);
        }
    }

    private static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var start = 0;
        for (var end = 1; end <= text.Length; end++)
        {
            if (graphics.MeasureString(text[start..end], font).Width > width && end - start > 1)
            {
                lines.Add(text[start..(end - 1)]);
                start = end - 1;
            }
        }

        lines.Add(text[start..]);
        return lines;
    }

    private static XFont Font(string family, double size) => new(family, size, XFontStyleEx.Regular, PdfRendering.UnicodeOptions);

    private static string ChineseDate(DateTimeOffset instant) => instant.ToOffset(PdfRendering.ChinaStandardTime).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string ChineseDate(string isoDate) =>
        DateOnly.TryParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)
            : isoDate;
}
