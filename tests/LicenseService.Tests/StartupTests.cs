using System.Security.Cryptography;
using ELicense.Core.Crypto;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.Hosting.Internal;

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
    [InlineData("Issuance:PresentationLifetime", "00:02:00", "PresentationLifetime")]
    [InlineData("Issuance:PresentationLifetime", "00:00:05", "PresentationLifetime")]
    public void Bad_configuration_stops_start_up_with_a_clear_message(string key, string value, string expected)
    {
        var error = ServiceHost.StartFailure(new Dictionary<string, string?> { [key] = value });

        Assert.Contains(expected, error.ToString());
    }

    [Fact]
    public async Task Outside_Development_the_development_KEK_CA_document_signers_and_token_issuer_stop_start_up_naming_each_setting()
    {
        // The development settings, which Production does not read from appsettings.Development.json.
        var settings = DevelopmentSettings.Of("LicenseService");
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["Storage:DataFolder"] = Directory.CreateTempSubdirectory("elicense-production-").FullName;
        using var service = new ServiceProcess("LicenseService", "ELicense.LicenseService", settings);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(service.StartAsync);

        Assert.Matches("exited with -?[1-9]", error.Message);
        Assert.Contains("Keys:KekFile '../../certs/dev/dev-kek.txt' is the development key-encryption key", error.Message, StringComparison.Ordinal);
        Assert.Contains("CertificateAuthority:Folder '../../certs/dev' holds the development provincial CA", error.Message, StringComparison.Ordinal);
        Assert.Contains("SigningKeys:Folder '../../certs/dev' holds the development document signers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:SigningCertificates:0 '../../certs/dev/dev-token-issuer-rsa.crt.pem' is the development token issuer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# ELicense development PKI: for development and tests only\nprod-1 {0}\n", "its text marks it for development")]
    [InlineData("dev-kek-1 {0}\n", "key id 'dev-kek-1'")]
    public void Outside_Development_a_copied_development_KEK_file_is_refused_by_its_text_or_key_id(string text, string reason)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("elicense-kek-").FullName, "province-kek.txt");
        File.WriteAllText(file, string.Format(System.Globalization.CultureInfo.InvariantCulture, text, NewKek()));

        var result = Production().Validate(null, new KeyOptions { KekFile = file });

        Assert.Equal(
            $"Keys:KekFile '{file}' is the development key-encryption key ({reason}); outside Development give the province's own KEKs (a file on a secret volume, or Keys:Keks).",
            Assert.Single(result.Failures!));
    }

    [Fact]
    public void Outside_Development_a_development_KEK_given_by_id_is_refused_and_the_province_s_own_KEKs_and_CA_pass()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("elicense-kek-").FullName, "province-kek.txt");
        File.WriteAllText(file, "# 江苏省 key-encryption keys, rendered by the KMS\n2026a " + NewKek() + "\n");
        var ca = Path.GetDirectoryName(UnmarkedCertificates.WriteRoot(KeyFamily.Sm2, "js-ca-320000-sm2.crt.pem"))!;
        var validator = Production();

        var byId = validator.Validate(null, new KeyOptions { Keks = { ["dev-kek-2"] = NewKek() } });

        Assert.Equal("Keys:Keks:dev-kek-2 is the development key-encryption key (its id); outside Development give the province's own KEKs.", Assert.Single(byId.Failures!));
        Assert.True(validator.Validate(null, new KeyOptions { KekFile = file, Keks = { ["2026b"] = NewKek() } }).Succeeded);
        Assert.True(validator.Validate(null, new CertificateAuthorityOptions { Folder = ca, FilePrefix = "js-ca", PasswordFile = "x" }).Succeeded);
        Assert.True(validator.Validate(null, new SigningKeyOptions { Folder = "" }).Succeeded);
        Assert.False(validator.Validate(null, new SigningKeyOptions { Folder = RepositoryPaths.DevCertificates, FilePrefix = "dev-ds" }).Succeeded);
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

    private static string NewKek() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static ProductionKeyMaterialValidator Production() => new(new HostingEnvironment
    {
        EnvironmentName = "Production",
        ContentRootPath = Path.Combine(RepositoryPaths.Root, "src", "LicenseService"),
    });
}
