using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Verification;

/// <summary>
/// DESIGN §12: a licence is checked against the definition its signer's province publishes (or the national base); a type
/// no catalogue at hand defines leaves a genuine licence INDETERMINATE, never INVALID for that alone.
/// </summary>
public sealed class CatalogueVerificationTests
{
    [Fact]
    public void A_genuine_licence_of_a_type_in_no_catalogue_is_indeterminate_type_unknown_not_invalid()
    {
        var scenario = new Scenario(licence: ResidencePermit(1), province: "310000");

        var verdict = scenario.Verify();

        Assert.Equal(VerdictKind.Indeterminate, verdict.Kind);
        Assert.Equal(ReasonCode.TypeUnknown, verdict.FirstReason!.Code);
        Assert.Equal(CheckResult.Indeterminate, verdict.Checks.Content);
        Assert.All(Enum.GetValues<CheckName>().Where(c => c != CheckName.Content), c => Assert.Equal(CheckResult.Ok, verdict.Checks[c]));
        Assert.Contains("cannot be checked", verdict.FirstReason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revoked_or_forged_licence_of_an_unknown_type_is_still_invalid()
    {
        var scenario = new Scenario(licence: ResidencePermit(1), province: "310000");
        scenario.Status = new StatusSnapshot().Set(scenario.Licence.Status, new StatusEvidence(LicenceStatus.Revoked, Some.Now.AddMinutes(-3), Some.Now.AddHours(1)));
        Assert.Equal(ReasonCode.Revoked, scenario.Verify().FirstReason!.Code);

        var forged = QrPayloadCodec.Encode(scenario.Licence, TestPki.Untrusted.SignerFor("310000"));
        Assert.Equal((VerdictKind.Invalid, ReasonCode.UntrustedIssuer), (scenario.Verify(forged).Kind, scenario.Verify(forged).FirstReason!.Code));
    }

    [Fact]
    public void The_signers_province_catalogue_makes_it_valid_with_that_definitions_labels()
    {
        var scenario = new Scenario(licence: ResidencePermit(1), province: "310000");
        scenario.Trust = WithCatalogues(("310000", [ProvinceTypes.ResidencePermit(1)]));

        var verdict = scenario.Verify();

        Assert.Equal(VerdictKind.Valid, verdict.Kind);
        Assert.Equal("上海市居住证", verdict.Licence!.TypeNameZh);
        Assert.Equal(["性别", "出生日期", "户籍地", "居住地址", "居住证类别", "居住证号码"], verdict.Licence.Fields.Select(f => f.LabelZh));
    }

    [Fact]
    public void Another_provinces_catalogue_never_speaks_for_the_signers_province()
    {
        // 江苏 publishes a definition under the same code; the licence is signed in 上海, whose catalogue is not held.
        var scenario = new Scenario(licence: ResidencePermit(1), province: "310000");
        scenario.Trust = WithCatalogues(("320000", [ProvinceTypes.ResidencePermit(1)]));

        Assert.Equal(ReasonCode.TypeUnknown, scenario.Verify().FirstReason!.Code);
    }

    [Fact]
    public void Each_version_is_checked_against_its_own_definition()
    {
        var trust = WithCatalogues(("310000", [ProvinceTypes.ResidencePermit(1), ProvinceTypes.ResidencePermit(2)]));
        var first = new Scenario(licence: ResidencePermit(1), province: "310000") { Trust = trust };
        var second = new Scenario(licence: ResidencePermit(2), province: "310000") { Trust = trust };
        var secondFieldsUnderFirst = new Scenario(licence: ResidencePermit(1) with { Fields = ProvinceTypes.ResidencePermitFields(2) }, province: "310000") { Trust = trust };

        Assert.Equal(VerdictKind.Valid, first.Verify().Kind);
        Assert.DoesNotContain(first.Verify().Licence!.Fields, f => f.Key == "employer");
        Assert.Equal(VerdictKind.Valid, second.Verify().Kind);
        Assert.Equal("就业单位", second.Verify().Licence!.Fields.Single(f => f.Key == "employer").LabelZh);
        Assert.Equal(2, second.Verify().Licence!.TypeVersion);
        Assert.Equal(ReasonCode.ContentInvalid, secondFieldsUnderFirst.Verify().FirstReason!.Code);
    }

    [Fact]
    public void A_field_breaking_the_provinces_rule_is_content_invalid()
    {
        var fields = ProvinceTypes.ResidencePermitFields(1);
        fields["permitNumber"] = "XX123";
        var scenario = new Scenario(licence: ResidencePermit(1) with { Fields = fields }, province: "310000");
        scenario.Trust = WithCatalogues(("310000", [ProvinceTypes.ResidencePermit(1)]));

        var verdict = scenario.Verify();

        Assert.Equal((VerdictKind.Invalid, ReasonCode.ContentInvalid), (verdict.Kind, verdict.FirstReason!.Code));
        Assert.Contains("fields.permitNumber", verdict.FirstReason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_version_of_1_is_never_written_and_an_explicit_one_is_refused()
    {
        var licence = ResidencePermit(1);
        var encoded = LicencePayloadCbor.Encode(licence);
        Assert.True(LicencePayloadCbor.TryDecode(encoded, PayloadKind.Licence, out var decoded, out _));
        Assert.Equal(1, decoded!.TypeVersion);
        Assert.True(LicencePayloadCbor.TryDecode(LicencePayloadCbor.Encode(licence with { TypeVersion = 2 }), PayloadKind.Licence, out var second, out _));
        Assert.Equal(2, second!.TypeVersion);
        Assert.False(LicencePayloadCbor.TryDecode(LicencePayloadCbor.Encode(licence with { TypeVersion = 0 }), PayloadKind.Licence, out _, out _));
        Assert.False(LicencePayloadCbor.TryDecode(LicencePayloadCbor.Encode(licence with { TypeVersion = 1000 }), PayloadKind.Licence, out _, out _));
    }

    private static LicencePayload ResidencePermit(int version)
    {
        var issuer = new Issuer("310101", "上海市公安局黄浦分局", "11310000002420436N");
        var identifier = LicenceIdentifier.Create(ProvinceTypes.ResidencePermitCode, issuer.AuthorityCode, LicenceIdentifier.NewSerial(Some.Now));
        return new LicencePayload(PayloadKind.Licence, identifier.ToString(), ProvinceTypes.ResidencePermitCode, issuer,
            Some.Holder(BaseTypes.IdCard), ProvinceTypes.ResidencePermitFields(version), Some.Now, Some.Now, Some.Now.AddYears(2),
            new StatusReference("310000-1", 4711), TypeVersion: version);
    }

    private static TrustMaterial WithCatalogues(params (string Province, LicenceType[] Types)[] catalogues)
    {
        var trust = TestPki.Trust();
        return new TrustMaterial(trust.Signers, trust.AsOf, trust.StaleAfter, null,
            new ProvinceCatalogues(catalogues.ToDictionary(c => c.Province, c => LicenceCatalogue.NationalBase.With(c.Types))));
    }
}
