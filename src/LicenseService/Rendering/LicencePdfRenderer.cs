using System.Globalization;
using System.Text;
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
    /// <summary>The name of the attached file that holds the QR payload text (the core's contract with verifiers).</summary>
    public const string PayloadAttachmentName = Core.Documents.PdfCarrierNames.AttachmentName;

    /// <summary>The document-information key that holds the QR payload text (the core's contract with verifiers).</summary>
    public const string PayloadInfoKey = Core.Documents.PdfCarrierNames.InfoKey;

    private const double PageWidth = 595.28;
    private const double LabelX = 72;
    private const double ValueX = 200;
    private const double ValueWidth = 320;
    private const double QrSide = 200;
    private static readonly XColor Ink = XColor.FromArgb(0x21, 0x21, 0x21);
    private static readonly XColor Muted = XColor.FromArgb(0x61, 0x61, 0x61);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(double Size, char Character), double> CharacterWidths = new();

    /// <summary>Renders the licence whose signed QR text is <paramref name="qrText"/> and whose content is <paramref name="payload"/>.</summary>
    public static PdfDocument Render(LicencePayload payload, LicenceType type, string qrText, string? sealRing = null, string? sealCentre = null)
    {
        var layout = LicenceLayout.For(type);
        var document = new PdfDocument();
        // Best speed halves the time to save: the subset font dominates the file, and it shrinks nearly as well.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
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
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            DrawPage(graphics, payload, type, layout, sealRing ?? payload.Issuer.AuthorityName, sealCentre ?? "电子证照专用章");
        }

        AppendQr(page, QrMatrix.Create(qrText), 64, 556);
        return document;
    }

    private static void DrawPage(XGraphics graphics, LicencePayload payload, LicenceType type, LicenceLayout layout, string sealRing, string sealCentre)
    {
        var family = CjkFont.Family;
        var accent = new XSolidBrush(layout.Accent);
        graphics.DrawRectangle(new XPen(layout.Accent, 2.5), 28, 28, PageWidth - 56, 841.89 - 56);
        graphics.DrawRectangle(new XPen(layout.Accent, 0.6), 34, 34, PageWidth - 68, 841.89 - 68);

        graphics.DrawString(layout.Title, Font(family, 30), accent, new XRect(0, 52, PageWidth, 40), XStringFormats.Center);
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

        graphics.DrawString("扫码验证", Font(family, 14), new XSolidBrush(Ink), new XRect(64, 760, QrSide, 18), XStringFormats.Center);
        SealDrawing.Draw(graphics, 430, 650, 62, sealRing, sealCentre, family);

        var small = Font(family, 7.5);
        var identifierLines = Wrap(graphics, "证照标识 " + payload.Identifier, small, PageWidth - 144);
        for (var i = 0; i < identifierLines.Count; i++)
        {
            graphics.DrawString(identifierLines[i], small, new XSolidBrush(Muted), new XRect(72, 782 + (i * 10), PageWidth - 144, 10), XStringFormats.Center);
        }
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

    /// <summary>
    /// Appends the QR as its own content stream: a white square, then every dark run as one
    /// <c>re</c> in module units under a single transform, filled once. Through XGraphics each
    /// of the ~2,000 runs cost a formatted rectangle (3 ms per page); this costs a tenth of that.
    /// </summary>
    private static void AppendQr(PdfPage page, QrMatrix matrix, double x, double top)
    {
        var module = QrSide / matrix.Size;
        var bottom = page.Height.Point - top;
        var text = new StringBuilder(matrix.Size * matrix.Size);
        text.Append(CultureInfo.InvariantCulture, $"q 1 g {x:0.###} {bottom - QrSide:0.###} {QrSide:0.###} {QrSide:0.###} re f\n");
        text.Append(CultureInfo.InvariantCulture, $"0 g {module:0.#####} 0 0 {-module:0.#####} {x:0.###} {bottom:0.###} cm\n");
        foreach (var (row, column, length) in matrix.DarkRuns())
        {
            text.Append(column).Append(' ').Append(row).Append(' ').Append(length).Append(" 1 re\n");
        }

        text.Append("f Q\n");
        page.Contents.AppendContent().CreateStream(System.Text.Encoding.ASCII.GetBytes(text.ToString()));
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>, adding up cached character widths (CJK text has no spaces to break at).</summary>
    private static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var start = 0;
        var used = 0.0;
        for (var i = 0; i < text.Length; i++)
        {
            var advance = CharacterWidths.GetOrAdd((font.Size, text[i]), key => graphics.MeasureString(key.Character.ToString(), font).Width);
            if (used + advance > width && i > start)
            {
                lines.Add(text[start..i]);
                start = i;
                used = 0;
            }

            used += advance;
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
