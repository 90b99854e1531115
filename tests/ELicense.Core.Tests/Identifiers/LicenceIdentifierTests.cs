using ELicense.Core.Identifiers;
using Xunit;

namespace ELicense.Core.Tests.Identifiers;

public class LicenceIdentifierTests
{
    /// <summary>Identifiers published in national-platform interface documents and provincial systems.</summary>
    public static TheoryData<string> Published => new(
        "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S",
        "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
        "1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3",
        "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0");

    private const string Characters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.";

    [Theory]
    [MemberData(nameof(Published))]
    public void Parse_accepts_published_identifiers(string text)
    {
        var identifier = LicenceIdentifier.Parse(text);

        Assert.Equal(text, identifier.ToString());
        Assert.Equal(identifier.Check, Iso7064Mod3736.Compute(identifier.TypeCode + identifier.AuthorityCode + identifier.Serial + identifier.Version));
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void Parse_rejects_every_single_character_substitution_of_a_published_identifier(string text)
    {
        var accepted = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var c in Characters)
            {
                if (c == text[i])
                {
                    continue;
                }

                var mutated = string.Concat(text.AsSpan(0, i), c.ToString(), text.AsSpan(i + 1));
                if (LicenceIdentifier.TryParse(mutated, out _, out _))
                {
                    accepted.Add(mutated);
                }
            }
        }

        Assert.Empty(accepted);
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void Parse_rejects_every_deletion_and_adjacent_transposition(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            Assert.False(LicenceIdentifier.TryParse(text.Remove(i, 1), out _, out _), $"deletion at {i}");
            if (i + 1 < text.Length && text[i] != text[i + 1])
            {
                var swapped = text.ToCharArray();
                (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
                Assert.False(LicenceIdentifier.TryParse(new string(swapped), out _, out _), $"transposition at {i}");
            }
        }
    }

    [Fact]
    public void Create_computes_a_check_character_that_parse_accepts()
    {
        var identifier = LicenceIdentifier.Create("11100000000013338W001", UnifiedSocialCreditCode.Complete("11320100MB1234567"), "2026ABCDEF0123456789", 1);

        Assert.Equal(identifier, LicenceIdentifier.Parse(identifier.ToString()));
        Assert.Equal("001", identifier.Version);
    }

    [Theory]
    [InlineData("11100000000013338X001", "113700000045046442", "2026A", 1)] // type code's credit code check fails
    [InlineData("11100000000013338W01", "113700000045046442", "2026A", 1)] // type code too short
    [InlineData("11100000000013338W001", "113700000045046443", "2026A", 1)] // authority check character wrong
    [InlineData("11100000000013338W001", "113700000045046442", "2026a", 1)] // lower-case serial
    [InlineData("11100000000013338W001", "113700000045046442", "", 1)] // empty serial
    [InlineData("11100000000013338W001", "113700000045046442", "2026A", 0)] // version 000
    [InlineData("11100000000013338W001", "113700000045046442", "2026A", 1000)] // version too large
    public void Create_refuses_a_bad_part(string typeCode, string authority, string serial, int version)
        => Assert.Throws<ArgumentException>(() => LicenceIdentifier.Create(typeCode, authority, serial, version));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1.2.156.3005.2.")]
    [InlineData("1.2.156.3005.3.11100000000013338W011.11430000006122244L.20230000403.002.S")]
    [InlineData("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S.")]
    [InlineData("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.SS")]
    [InlineData(" 1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S")]
    public void TryParse_rejects_malformed_text_with_a_reason(string? text)
    {
        Assert.False(LicenceIdentifier.TryParse(text, out var identifier, out var error));
        Assert.Null(identifier);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void NewSerial_is_the_year_and_sixteen_random_characters()
    {
        var serials = Enumerable.Range(0, 1000).Select(_ => LicenceIdentifier.NewSerial(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))).ToList();

        Assert.All(serials, s => Assert.Matches("^2026[0-9A-Z]{16}$", s));
        Assert.Equal(serials.Count, serials.Distinct().Count());
    }
}
