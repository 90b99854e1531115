using ELicense.Core.Licenses;
using PdfSharp.Drawing;

namespace ELicense.LicenseService.Rendering;

/// <summary>What differs between the printed licence types: the holder's labels and the accent colour of the frame.</summary>
/// <param name="HolderLabel">The label of the holder's name as the paper licence prints it.</param>
/// <param name="IdLabel">The label of the holder's identity number.</param>
/// <param name="Accent">The colour of the frame and title.</param>
public sealed record LicenceLayout(string HolderLabel, string IdLabel, XColor Accent)
{
    private static readonly Dictionary<string, LicenceLayout> ByType = new()
    {
        [LicenceCatalogue.IdCard.Key] = new("姓名", "公民身份号码", XColor.FromArgb(0x1F, 0x4E, 0x8C)),
        [LicenceCatalogue.BusinessLicence.Key] = new("名称", "统一社会信用代码", XColor.FromArgb(0xA6, 0x1B, 0x1B)),
        [LicenceCatalogue.BirthCertificate.Key] = new("新生儿姓名", "出生医学证明编号", XColor.FromArgb(0x2E, 0x7D, 0x32)),
        [LicenceCatalogue.RoadTransportPermit.Key] = new("业户名称", "统一社会信用代码", XColor.FromArgb(0x00, 0x69, 0x7C)),
        [LicenceCatalogue.MarriageCertificate.Key] = new("持证人", "公民身份号码", XColor.FromArgb(0xB7, 0x1C, 0x1C)),
        [LicenceCatalogue.RealEstateCertificate.Key] = new("权利人", "证件号码", XColor.FromArgb(0x4E, 0x34, 0x2E)),
    };

    /// <summary>The layout of a catalogue type.</summary>
    public static LicenceLayout For(LicenceType type) =>
        ByType.TryGetValue(type.Key, out var layout) ? layout : new("持证人", "证件号码", XColors.DarkSlateGray);
}
