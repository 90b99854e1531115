using ELicense.Core.Licenses;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Licenses;

public class LicenceContentValidatorTests
{
    public static TheoryData<string> Types => new(LicenceCatalogue.NationalBase.All.Select(t => t.Key));

    [Theory]
    [MemberData(nameof(Types))]
    public void Sample_content_of_every_type_is_valid(string key)
    {
        var licence = Some.Licence(LicenceCatalogue.NationalBase.Find(key));

        var errors = LicenceContentValidator.Validate(LicenceCatalogue.NationalBase.Find(key)!, licence.Holder, licence.Fields, licence.ValidFrom, licence.ValidUntil);

        Assert.Empty(errors);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var type = BaseTypes.IdCard;
        var fields = Some.Fields(type);
        fields.Remove("ethnicity");
        fields["birthDate"] = "1990-02-30";
        fields["sex"] = "未知";
        fields["colour"] = "red";
        var holder = new Holder("", HolderIdType.CitizenId, "320102199003074510");

        var errors = LicenceContentValidator.Validate(type, holder, fields, Some.Now, Some.Now.AddYears(30));

        Assert.Equal(
            ["fields.birthDate:format", "fields.colour:unknown", "fields.ethnicity:required", "fields.sex:choice", "holder.idNumber:check_character", "holder.name:required", "validUntil:range"],
            errors.Select(e => $"{e.Field}:{e.Code}").Order().ToArray());
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.MessageZh)));
    }

    [Fact]
    public void An_id_card_whose_birth_date_and_sex_contradict_the_id_number_is_refused()
    {
        var type = BaseTypes.IdCard;
        var fields = Some.Fields(type);
        fields["birthDate"] = "1990-03-08";
        fields["sex"] = "女";

        var errors = LicenceContentValidator.Validate(type, Some.Holder(type), fields, Some.Now, null);

        Assert.Equal(["fields.birthDate:inconsistent", "fields.sex:inconsistent"], errors.Select(e => $"{e.Field}:{e.Code}").Order().ToArray());
    }

    [Fact]
    public void A_business_licence_holder_needs_a_credit_code_not_a_citizen_id()
    {
        var type = BaseTypes.BusinessLicence;

        var errors = LicenceContentValidator.Validate(type, new Holder("某公司", HolderIdType.CitizenId, Some.CitizenId()), Some.Fields(type), Some.Now, null);

        Assert.Contains(errors, e => e.Field == "holder.idType");
        Assert.Contains(errors, e => e.Field == "holder.idNumber");
    }

    [Theory]
    [InlineData("areaSquareMetres", "89.567", "format")]
    [InlineData("areaSquareMetres", "-1", "format")]
    [InlineData("areaSquareMetres", "1e5", "format")]
    [InlineData("location", " 前导空格", "format")]
    [InlineData("location", "换行\n", "format")]
    [InlineData("coOwnership", "共有", "choice")]
    public void Field_rules_are_enforced(string key, string value, string code)
    {
        var type = BaseTypes.RealEstateCertificate;
        var fields = Some.Fields(type);
        fields[key] = value;

        var errors = LicenceContentValidator.Validate(type, Some.Holder(type), fields, Some.Now, null);

        Assert.Equal($"fields.{key}:{code}", Assert.Single(errors).Field + ":" + errors[0].Code);
    }

    [Fact]
    public void Too_long_text_is_refused()
    {
        var type = BaseTypes.IdCard;
        var fields = Some.Fields(type);
        fields["address"] = new string('路', 71);

        var errors = LicenceContentValidator.Validate(type, Some.Holder(type), fields, Some.Now, null);

        Assert.Equal("too_long", Assert.Single(errors).Code);
    }

    [Fact]
    public void Validity_must_end_after_it_starts()
    {
        var type = BaseTypes.IdCard;

        var errors = LicenceContentValidator.Validate(type, Some.Holder(type), Some.Fields(type), Some.Now, Some.Now);

        Assert.Equal("validUntil", Assert.Single(errors).Field);
    }

    [Fact]
    public void Catalogue_type_codes_are_valid_gb_t_36904_type_codes_and_unique()
    {
        Assert.All(LicenceCatalogue.NationalBase.All, t => Assert.True(Core.Identifiers.LicenceIdentifier.IsValidTypeCode(t.Code), t.Code));
        Assert.Equal(6, LicenceCatalogue.NationalBase.All.Select(t => t.Code).Distinct().Count());
        Assert.All(LicenceCatalogue.NationalBase.All, t => Assert.All(t.PresentedByDefault, k => Assert.NotNull(t.Field(k))));
    }
}
