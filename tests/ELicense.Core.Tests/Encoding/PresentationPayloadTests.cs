using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Encoding;

/// <summary>
/// No presentation lets its reader rebuild a citizen identity number: for every type, with the
/// holder a citizen, whatever fields are shown (the default, every other choice, text fields that
/// carry the number), the masked number and everything else shown leave at least the 1,000
/// sequence codes open; a shown 男/女 halves them, as GB 11643 gives the sequence's parity to the sex.
/// </summary>
public class PresentationPayloadTests
{
    private const long Floor = 1_000;

    public static TheoryData<string> TypeKeys() => [.. LicenceCatalogue.NationalBase.All.Select(t => t.Key)];

    [Theory]
    [MemberData(nameof(TypeKeys))]
    public void The_default_presentation_of_every_type_leaves_the_holders_number_unknown(string key)
    {
        var type = LicenceCatalogue.NationalBase.Find(key)!;
        var (licence, number) = CitizenLicence(type);
        var signer = TestPki.Sm2.SignerFor("320000");

        var text = QrPayloadCodec.Encode(Present(licence, type.PresentedByDefault), signer);

        Assert.True(QrPayloadCodec.TryDecode(text, DecodeLimits.Default, out var decoded, out var error), error.ToString());
        AssertUnknown(number, decoded!.Payload, $"{key} default");
    }

    [Theory]
    [MemberData(nameof(TypeKeys))]
    public void Every_choice_of_fields_leaves_the_holders_number_unknown(string key)
    {
        var type = LicenceCatalogue.NationalBase.Find(key)!;
        var (licence, number) = CitizenLicence(type);
        var keys = licence.Fields.Keys.ToList();

        for (var choice = 0; choice < 1 << keys.Count; choice++)
        {
            var fields = keys.Where((_, i) => (choice & (1 << i)) != 0).ToList();
            Assert.True(LicencePayloadCbor.TryDecode(LicencePayloadCbor.Encode(Present(licence, fields)), PayloadKind.Presentation, out var decoded, out _));
            AssertUnknown(number, decoded!, $"{key} showing {string.Join(",", fields)}");
        }
    }

    [Theory]
    [MemberData(nameof(TypeKeys))]
    public void Text_fields_that_carry_the_holders_number_do_not_give_it_away(string key)
    {
        var type = LicenceCatalogue.NationalBase.Find(key)!;
        var (licence, number) = CitizenLicence(type);
        var carriers = new[] { number, number.ToLowerInvariant(), "第" + number[..17] + "号", "旧号" + number[..6] + number[8..17] };
        var fields = new Dictionary<string, string>(licence.Fields);
        var texts = type.Fields.Where(f => f.Kind == FieldKind.Text).ToList();
        for (var i = 0; i < texts.Count; i++)
        {
            var carrier = carriers[i % carriers.Length];
            fields[texts[i].Key] = carrier.Length <= texts[i].MaxLength ? carrier : fields[texts[i].Key];
        }

        var presentation = Present(licence with { Fields = fields }, [.. fields.Keys]);

        AssertUnknown(number, presentation, $"{key} with the number in its text fields");
        Assert.DoesNotContain(presentation.Fields.Values, v => v.Contains(number[..14], StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("birth-certificate", "motherIdNumber")]
    [InlineData("birth-certificate", "fatherIdNumber")]
    [InlineData("marriage-certificate", "spouseIdNumber")]
    public void Another_persons_number_in_a_field_is_masked_as_the_holders_is(string key, string field)
    {
        var type = LicenceCatalogue.NationalBase.Find(key)!;
        var (licence, _) = CitizenLicence(type);

        var presentation = Present(licence, [.. licence.Fields.Keys]);

        AssertUnknown(licence.Fields[field], presentation with { Holder = presentation.Holder with { IdNumber = presentation.Fields[field] } }, $"{key} {field}");
    }

    [Fact]
    public void A_citizen_number_keeps_only_its_region()
    {
        Assert.Equal("320102************", CitizenIdNumber.Mask(Some.CitizenId()));
        Assert.Equal("**********", CitizenIdNumber.Mask("Q320123456"));
    }

    [Theory]
    [InlineData("id-card")]
    [InlineData("marriage-certificate")]
    public void A_presentation_states_its_licences_own_validity_and_reads_back_as_written(string key)
    {
        var licence = Some.Licence(LicenceCatalogue.NationalBase.Find(key)!);

        var presentation = Present(licence, []);
        var bytes = LicencePayloadCbor.Encode(presentation);

        Assert.Equal(new LicenceValidity(licence.ValidFrom, licence.ValidUntil), presentation.LicenceValidity);
        Assert.True(LicencePayloadCbor.TryDecode(bytes, PayloadKind.Presentation, out var decoded, out var error), error.ToString());
        Assert.Equal(presentation.LicenceValidity, decoded!.LicenceValidity);
        Assert.Equal(bytes, LicencePayloadCbor.Encode(decoded));
        Assert.Equal(Verification.PresentationValidityTests.Validity(licence.ValidFrom, licence.ValidUntil), CborMapEntries.Read(bytes).Value(11));
    }

    [Fact]
    public void A_licence_carrying_a_licence_validity_does_not_decode()
    {
        var licence = Some.Licence() with { LicenceValidity = new LicenceValidity(Some.Now, null) };

        Assert.False(LicencePayloadCbor.TryDecode(LicencePayloadCbor.Encode(licence), PayloadKind.Licence, out _, out var error));
        Assert.Equal(PayloadError.PayloadInvalid, error);
    }

    [Fact]
    public void Only_a_licence_is_presented_and_only_for_a_window_that_is_not_empty()
    {
        var licence = Some.Licence();

        Assert.Throws<ArgumentException>(() => PresentationPayload.From(Present(licence, []), TypeOf(licence), [], Some.Now, Some.Now.AddSeconds(60)));
        Assert.Throws<ArgumentException>(() => PresentationPayload.From(licence, TypeOf(licence), [], Some.Now, Some.Now));
        Assert.Throws<ArgumentException>(() => PresentationPayload.From(licence, BaseTypes.MarriageCertificate, [], Some.Now, Some.Now.AddSeconds(60)));
    }

    private static void AssertUnknown(string number, LicencePayload presentation, string what)
    {
        var open = IdNumberCandidates.Count(number, presentation, countSex: false);
        var openGivenSex = IdNumberCandidates.Count(number, presentation, countSex: true);
        Assert.True(open >= Floor, $"{what}: {open} numbers fit what {presentation.Holder.IdNumber} and the fields show");
        Assert.True(openGivenSex * 2 >= Floor, $"{what}: {openGivenSex} numbers fit, the sex counted");
    }

    private static LicencePayload Present(LicencePayload licence, IReadOnlyCollection<string> fields)
        => PresentationPayload.From(licence, TypeOf(licence), fields, Some.Now, Some.Now.AddSeconds(60));

    private static LicenceType TypeOf(LicencePayload licence) => LicenceCatalogue.NationalBase.Find(licence.TypeCode, licence.TypeVersion)!;

    /// <summary>A licence of the type whose holder is a citizen: the child herself on a 出生医学证明, her number agreeing with its birth date and sex.</summary>
    private static (LicencePayload Licence, string Number) CitizenLicence(LicenceType type)
    {
        var licence = Some.Licence(type);
        var number = type == BaseTypes.BirthCertificate
            ? CitizenIdNumber.Complete("320102" + licence.Fields["birthDate"].Replace("-", "", StringComparison.Ordinal) + "024")
            : Some.CitizenId();
        return (licence with { Holder = new Holder(licence.Holder.Name, type.HolderIdType, number) }, number);
    }
}
