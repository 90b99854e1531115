using System.Globalization;
using ELicense.Core.Licenses;
using PdfSharp.Drawing;

namespace ELicense.LicenseService.Rendering;

/// <summary>What differs between the printed licence types, taken from the type's layout hints in the catalogue.</summary>
/// <param name="Title">The title printed at the top.</param>
/// <param name="HolderLabel">The label of the holder's name as the paper licence prints it.</param>
/// <param name="IdLabel">The label of the holder's identity number.</param>
/// <param name="Accent">The colour of the frame and title.</param>
public sealed record LicenceLayout(string Title, string HolderLabel, string IdLabel, XColor Accent)
{
    /// <summary>The layout of a catalogue type.</summary>
    public static LicenceLayout For(LicenceType type)
    {
        var hints = type.Layout;
        var rgb = int.Parse(hints.Accent.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new(hints.Title ?? type.NameZh, hints.HolderNameLabel, hints.HolderIdLabel, XColor.FromArgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF));
    }
}
