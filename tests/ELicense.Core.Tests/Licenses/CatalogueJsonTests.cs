using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Licenses;

/// <summary>The catalogue as data: the national base file, and the rules a definition must keep (every error reported, with its path).</summary>
public sealed class CatalogueJsonTests
{
    [Fact]
    public void The_national_base_holds_the_six_types_and_writes_back_to_the_same_definitions()
    {
        var all = LicenceCatalogue.NationalBase.All;

        Assert.Equal(["id-card", "business-licence", "birth-certificate", "road-transport-permit", "marriage-certificate", "real-estate-certificate"], all.Select(t => t.Key));
        Assert.All(all, t => Assert.True(LicenceIdentifier.IsValidTypeCode(t.Code), t.Code));
        Assert.True(CatalogueJson.TryRead(CatalogueJson.Write(all), out var again, out var errors), string.Join("; ", errors.Select(e => e.Field)));
        Assert.All(all.Zip(again), p => Assert.True(CatalogueJson.SameDefinition(p.First, p.Second), p.First.Key));
        Assert.Equal(TimeSpan.FromDays(7305), LicenceCatalogue.NationalBase.LongestValidity);
    }

    [Fact]
    public void A_bad_definition_reports_every_error_with_its_path()
    {
        var json = """
            {
              "key": "Bad Key", "code": "11310000002420436X001", "version": 0,
              "name": { "zh": "", "en": "x" },
              "holder": { "idType": "passport", "nameLabel": "姓名", "idLabel": "号码" },
              "longestValidityDays": 0,
              "fields": [
                { "key": "a", "label": { "zh": "甲", "en": "A" }, "kind": "text" },
                { "key": "a", "label": { "zh": "乙", "en": "B" }, "kind": "colour" },
                { "key": "c", "label": { "zh": "丙", "en": "C" }, "kind": "choice" },
                { "key": "d", "label": { "zh": "丁", "en": "D" }, "kind": "text", "pattern": "(a)\\1" },
                { "key": "e", "label": { "zh": "戊", "en": "E" }, "kind": "date", "choices": ["x"] },
                { "key": "f", "label": { "zh": "己", "en": "F" }, "kind": "date", "holderIdAgreement": "sex" }
              ],
              "presentedByDefault": ["zz"],
              "layout": { "accent": "red" }
            }
            """;

        Assert.False(CatalogueJson.TryReadType(System.Text.Encoding.UTF8.GetBytes(json), out var type, out var errors));

        Assert.Null(type);
        var paths = errors.Select(e => $"{e.Field}:{e.Code}").ToList();
        Assert.Subset(paths.ToHashSet(), new HashSet<string>
        {
            "key:format", "code:check_character", "version:format", "name.zh:required", "holder.idType:format", "longestValidityDays:format",
            "fields[1].key:duplicate", "fields[1].kind:choice", "fields[2].choices:format", "fields[3].pattern:format", "fields[4].choices:unexpected",
            "fields[5].holderIdAgreement:format", "presentedByDefault[0]:unknown", "layout.accent:format",
        });
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.MessageZh)));
    }

    [Theory]
    [InlineData("""{ "key": "x", "unexpected": 1 }""", "unexpected")]
    [InlineData("""[1, 2]""", "")]
    [InlineData("""{ "key": 7 }""", "key")]
    [InlineData("""null""", "")]
    public void Json_that_is_not_a_definition_is_one_clear_error(string json, string path)
    {
        Assert.False(CatalogueJson.TryReadType(System.Text.Encoding.UTF8.GetBytes(json), out _, out var errors));
        Assert.Contains(errors, e => e.Field.StartsWith(path, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(@"(\w{1,99}\d{1,99}){1,9}")]
    [InlineData("([0-9]{1,9}){1,9}")]
    [InlineData("a)|(.*")]
    [InlineData(@"\d{4}")]
    [InlineData("(?=a)a")]
    [InlineData("[0-9]{100}")]
    [InlineData(@"(a)\1")]
    [InlineData("a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*")]
    public void A_pattern_that_could_be_slow_ambiguous_or_escape_its_anchors_is_refused(string pattern)
    {
        var json = ProvinceTypes.ResidencePermitJson(1).Replace("SH[0-9]{8,18}", pattern.Replace(@"\", @"\\", StringComparison.Ordinal), StringComparison.Ordinal);

        Assert.False(CatalogueJson.TryReadType(System.Text.Encoding.UTF8.GetBytes(json), out _, out var errors));
        Assert.Contains(errors, e => e.Field == "fields[5].pattern" && e.Code == "format");
    }

    [Fact]
    public void A_province_type_reads_and_its_pattern_runs_without_backtracking()
    {
        var type = ProvinceTypes.ResidencePermit(2);

        Assert.Equal((ProvinceTypes.ResidencePermitCode, 2, 7), (type.Code, type.Version, type.Fields.Count));
        Assert.Matches(type.Field("permitNumber")!.PatternRegex!, "SH2026120100001");
        Assert.DoesNotMatch(type.Field("permitNumber")!.PatternRegex!, "SH2026120100001x");
        Assert.DoesNotMatch(type.Field("permitNumber")!.PatternRegex!, "SH2026120100001\n");
        Assert.DoesNotMatch(type.Field("permitNumber")!.PatternRegex!, "SH２０２６１２０１");
        Assert.Empty(LicenceContentValidator.Validate(type, Some.Holder(BaseTypes.IdCard), ProvinceTypes.ResidencePermitFields(2), Some.Now, Some.Now.AddYears(2)));
        var tooLong = LicenceContentValidator.Validate(type, Some.Holder(BaseTypes.IdCard), ProvinceTypes.ResidencePermitFields(2), Some.Now, Some.Now.AddYears(4));
        Assert.Contains(tooLong, e => e.Field == "validUntil");
    }

    [Fact]
    public void Definitions_that_share_a_version_or_mix_keys_and_codes_do_not_form_a_catalogue()
    {
        var permit = ProvinceTypes.ResidencePermit(1);

        Assert.Throws<ArgumentException>(() => LicenceCatalogue.NationalBase.With([permit, permit]));
        Assert.Throws<ArgumentException>(() => LicenceCatalogue.NationalBase.With([permit with { Key = "id-card" }]));
        Assert.Throws<ArgumentException>(() => LicenceCatalogue.NationalBase.With([permit, ProvinceTypes.ResidencePermit(2) with { Key = "other" }]));
        var both = LicenceCatalogue.NationalBase.With([permit, ProvinceTypes.ResidencePermit(2)]);
        Assert.Equal(2, both.Find(ProvinceTypes.ResidencePermitKey)!.Version);
        Assert.Equal(1, both.Find(ProvinceTypes.ResidencePermitCode, 1)!.Version);
    }
}
