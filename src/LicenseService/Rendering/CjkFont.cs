using ELicense.LicenseService.Configuration;
using PdfSharp.Fonts;

namespace ELicense.LicenseService.Rendering;

/// <summary>
/// The one CJK TrueType font every PDF uses, found and loaded once per process. PDFsharp's font
/// resolver is process-wide, so the first loaded font serves every host in the process.
/// </summary>
public sealed class CjkFont : IFontResolver
{
    /// <summary>The family name the renderer asks for.</summary>
    public const string Family = "ELicense CJK";

    /// <summary>Where Debian's packages put TrueType CJK fonts, in order of preference.</summary>
    public static readonly IReadOnlyList<string> KnownLocations =
    [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ];

    private static readonly Lock Gate = new();
    private static CjkFont? installed;
    private readonly byte[] font;

    private CjkFont(byte[] font, string path)
    {
        this.font = font;
        Path = path;
    }

    /// <summary>The file the font came from.</summary>
    public string Path { get; }

    /// <summary>Loads the configured font (or the first known one) and installs it as PDFsharp's resolver; later calls return the installed font.</summary>
    /// <exception cref="InvalidOperationException">No usable font; the message says where it looked and how to get one.</exception>
    public static CjkFont Install(RenderingOptions options)
    {
        lock (Gate)
        {
            if (installed is not null)
            {
                return installed;
            }

            installed = Load(options);
            GlobalFontSettings.FontResolver = installed;
            return installed;
        }
    }

    /// <summary>Finds and reads the font without installing it.</summary>
    /// <exception cref="InvalidOperationException">No usable font; the message says where it looked and how to get one.</exception>
    public static CjkFont Load(RenderingOptions options)
    {
        var candidates = string.IsNullOrWhiteSpace(options.CjkFontPath) ? KnownLocations : [options.CjkFontPath];
        var path = candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            $"No CJK TrueType font found (looked at: {string.Join(", ", candidates)}). " +
            "Install one with scripts/install-deps.sh (Debian package fonts-wqy-zenhei) or set Rendering:CjkFontPath.");
        try
        {
            return new CjkFont(TrueTypeCollection.FirstFont(File.ReadAllBytes(path)), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InvalidOperationException($"The CJK font '{path}' cannot be used: {e.Message}", e);
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(Family, mustSimulateBold: bold, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => font;
}
