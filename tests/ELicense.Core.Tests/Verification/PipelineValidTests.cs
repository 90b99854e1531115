using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Verification;

public class PipelineValidTests
{
    public static TheoryData<string, KeyFamily> TypesAndFamilies()
    {
        var data = new TheoryData<string, KeyFamily>();
        foreach (var type in LicenceCatalogue.NationalBase.All)
        {
            data.Add(type.Key, KeyFamily.Sm2);
            data.Add(type.Key, KeyFamily.Rsa);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndFamilies))]
    public void A_licence_of_every_type_signed_with_either_algorithm_is_valid(string type, KeyFamily family)
    {
        var scenario = new Scenario(family, Some.Licence(LicenceCatalogue.NationalBase.Find(type)));

        var verdict = scenario.Verify();

        Assert.Equal(VerdictKind.Valid, verdict.Kind);
        Assert.Empty(verdict.Reasons);
        Assert.All(Enum.GetValues<CheckName>(), c => Assert.Equal(CheckResult.Ok, verdict.Checks[c]));
        Assert.Equal(scenario.Licence.Identifier, verdict.Licence!.Identifier);
        Assert.Equal("江苏省", verdict.Issuer!.ProvinceZh);
        Assert.Equal("PT4M", verdict.StatusAge);
    }

    [Fact]
    public void A_licence_of_another_trusted_province_is_valid()
        => Assert.Equal(VerdictKind.Valid, new Scenario(province: "310000").Verify().Kind);

    [Fact]
    public void A_fresh_presentation_is_valid_and_says_how_many_seconds_it_has_left()
    {
        var scenario = new Scenario();
        var text = QrPayloadCodec.Encode(Some.Presentation(scenario.Licence, Some.Now), scenario.Signer);

        var verdict = scenario.Verify(text, Some.Now.AddSeconds(15));

        Assert.Equal(VerdictKind.Valid, verdict.Kind);
        Assert.Equal(45, verdict.PresentationSecondsLeft);
        Assert.Equal("presentation", verdict.Licence!.Kind);
        Assert.Equal("320102********4512"[..6], verdict.Licence.HolderIdNumber[..6]);
    }

    [Fact]
    public void A_full_sm2_id_card_licence_fits_qr_version_20_at_level_m()
    {
        var scenario = new Scenario(KeyFamily.Sm2, Some.Licence(BaseTypes.IdCard));

        using var qr = new QRCoder.QRCodeGenerator().CreateQrCode(scenario.Text, QRCoder.QRCodeGenerator.ECCLevel.M);

        Assert.True(qr.Version <= 20, $"version {qr.Version} for {scenario.Text.Length} characters");
    }

    [Fact]
    public void A_licence_naming_its_type_version_and_a_full_province_type_fit_qr_version_20_at_level_m()
    {
        var idCardVersion2 = Some.Licence(BaseTypes.IdCard) with { TypeVersion = 999 };
        var permit = Some.Licence(BaseTypes.IdCard) with
        {
            TypeCode = ProvinceTypes.ResidencePermitCode, TypeVersion = 2, Fields = ProvinceTypes.ResidencePermitFields(2),
            Identifier = Core.Identifiers.LicenceIdentifier.Create(ProvinceTypes.ResidencePermitCode, "11320102MB123456AG", Core.Identifiers.LicenceIdentifier.NewSerial(Some.Now)).ToString(),
        };

        foreach (var licence in new[] { idCardVersion2, permit })
        {
            var text = QrPayloadCodec.Encode(licence, TestPki.Sm2.SignerFor("320000"));
            using var qr = new QRCoder.QRCodeGenerator().CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
            Assert.True(qr.Version <= 20, $"{licence.TypeCode} v{licence.TypeVersion}: version {qr.Version} for {text.Length} characters");
        }
    }

    [Fact]
    public void The_qr_text_uses_only_the_qr_alphanumeric_alphabet()
        => Assert.Matches("^ELC1:[0-9A-Z $%*+\\-./:]+$", new Scenario().Text);

    [Fact]
    public void The_verdict_serialises_in_the_shape_of_design_section_9()
    {
        var verdict = new Scenario().Verify(new Scenario().Text[..^3]);

        var json = JsonSerializer.Serialize(verdict, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("INVALID", root.GetProperty("verdict").GetString());
        Assert.Matches("^[A-Z0-9_]+$", root.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("reasons")[0].GetProperty("messageZh").GetString()));
        Assert.Equal("failed", root.GetProperty("checks").GetProperty("format").GetString());
        Assert.Equal("not_checked", root.GetProperty("checks").GetProperty("freshness").GetString());
        Assert.Equal("not_checked", root.GetProperty("checks").GetProperty("keyState").GetString());
    }
}
