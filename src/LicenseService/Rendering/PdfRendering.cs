using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ELicense.LicenseService.Rendering;

/// <summary>Settings every drawing of a licence shares.</summary>
public static class PdfRendering
{
    /// <summary>Unicode (Identity-H) encoding with a ToUnicode map, so that text extraction returns the Chinese text.</summary>
    public static readonly XPdfFontOptions UnicodeOptions = new(PdfFontEncoding.Unicode);

    /// <summary>China Standard Time, in which printed dates are written.</summary>
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);
}
