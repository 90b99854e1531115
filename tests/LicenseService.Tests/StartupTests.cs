using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Tests.Support;

namespace ELicense.LicenseService.Tests;

/// <summary>A bad setting stops start-up with a message that names it.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Province:RegionCode", "999999", "Province:RegionCode")]
    [InlineData("Province:RegionCode", "320100", "Province:RegionCode")]
    [InlineData("Province:AuthorityCode", "11320000MB0000001X", "Province:AuthorityCode")]
    [InlineData("SigningKeys:Folder", "/nonexistent", "cannot load the document signer")]
    [InlineData("Keys:KekFile", "/nonexistent/kek.txt", "Keys:KekFile")]
    [InlineData("Keys:PropagationTime", "100.00:00:00", "RotationInterval must be longer than PropagationTime")]
    [InlineData("CertificateAuthority:Folder", "", "CertificateAuthority")]
    [InlineData("SigningKeys:PasswordFile", "/nonexistent/password.txt", "PasswordFile")]
    public void Bad_configuration_stops_start_up_with_a_clear_message(string key, string value, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("elicense-startup-").FullName;
        using var host = new ServiceHost(dataFolder: folder, extra: new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => host.Client(null));
        Assert.Contains(expected, error.ToString());
    }

    [Fact]
    public void Missing_font_is_reported_with_where_it_looked_and_how_to_install_one()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CjkFont.Load(new RenderingOptions { CjkFontPath = "/nonexistent/font.ttc" }));
        Assert.Contains("/nonexistent/font.ttc", error.Message);
        Assert.Contains("fonts-wqy-zenhei", error.Message);
    }

    [Fact]
    public void The_first_face_of_the_Debian_collection_becomes_a_standalone_TrueType_font()
    {
        var font = TrueTypeCollection.FirstFont(File.ReadAllBytes(CjkFont.KnownLocations[0]));
        Assert.Equal(new byte[] { 0, 1, 0, 0 }, font[..4]);
        Assert.Equal(font, TrueTypeCollection.FirstFont(font));
        Assert.Throws<InvalidDataException>(() => TrueTypeCollection.FirstFont("OTTO\0\0\0\0"u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => TrueTypeCollection.FirstFont([1, 2]));
        Assert.Throws<InvalidDataException>(() => TrueTypeCollection.FirstFont("ttcf\0\u0001\0\0\0\0\0\u0001\u00ff\u00ff\u00ff\u00f0"u8.ToArray()));
    }
}
