namespace ELicense.LicenseService.Configuration;

/// <summary>PDF rendering. Section <c>Rendering</c>.</summary>
public sealed class RenderingOptions
{
    public const string Section = "Rendering";

    /// <summary>A TrueType font (.ttf) or collection (.ttc, font 0 is taken) with CJK glyphs. Empty: the first
    /// of the known Debian locations that exists (fonts-wqy-zenhei, fonts-wqy-microhei).</summary>
    public string? CjkFontPath { get; set; }
}
