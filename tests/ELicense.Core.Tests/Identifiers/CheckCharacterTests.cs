using ELicense.Core.Identifiers;
using Xunit;

namespace ELicense.Core.Tests.Identifiers;

public class CheckCharacterTests
{
    [Theory]
    [InlineData("11010519491231002X")] // the example of GB 11643-1999
    [InlineData("440524188001010014")]
    public void Citizen_id_numbers_from_the_standard_are_valid(string number) => Assert.True(CitizenIdNumber.IsValid(number));

    [Fact]
    public void Every_single_digit_change_of_a_citizen_id_number_is_caught()
    {
        const string number = "11010519491231002X";
        for (var i = 0; i < number.Length; i++)
        {
            foreach (var c in "0123456789X")
            {
                if (c != number[i])
                {
                    Assert.False(CitizenIdNumber.IsValid(string.Concat(number.AsSpan(0, i), c.ToString(), number.AsSpan(i + 1))), $"{i}:{c}");
                }
            }
        }
    }

    [Theory]
    [InlineData("11010519491231002x")] // lower-case check
    [InlineData("990105194912310021")] // unknown province
    [InlineData("110105194902300027")] // 30 February
    [InlineData("1101051949123100")] // too short
    public void Malformed_citizen_id_numbers_are_invalid(string number) => Assert.False(CitizenIdNumber.IsValid(number));

    [Theory]
    [InlineData("11100000000013338W")]
    [InlineData("11430000006122244L")]
    [InlineData("113700000045046442")]
    [InlineData("11370800MB28559184")]
    [InlineData("11330105002500287C")]
    public void Published_unified_social_credit_codes_are_valid(string code) => Assert.True(UnifiedSocialCreditCode.IsValid(code));

    [Fact]
    public void Every_single_character_change_of_a_credit_code_is_caught()
    {
        const string code = "11330105002500287C";
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (var i = 0; i < code.Length; i++)
        {
            foreach (var c in alphabet.Where(c => c != code[i]))
            {
                Assert.False(UnifiedSocialCreditCode.IsValid(string.Concat(code.AsSpan(0, i), c.ToString(), code.AsSpan(i + 1))), $"{i}:{c}");
            }
        }
    }

    [Theory]
    [InlineData("11330105002500287")]
    [InlineData("11330105002500287I")] // I is not in the GB 32100 alphabet
    [InlineData("1133010500250028 C")]
    public void Malformed_credit_codes_are_invalid(string code) => Assert.False(UnifiedSocialCreditCode.IsValid(code));

    [Theory]
    [InlineData("320000", true, true)]
    [InlineData("320102", true, false)]
    [InlineData("820000", true, true)]
    [InlineData("990000", false, false)]
    [InlineData("32010", false, false)]
    [InlineData("32010a", false, false)]
    public void Region_codes_follow_gb_t_2260(string code, bool valid, bool province)
    {
        Assert.Equal(valid, RegionCode.IsValid(code));
        Assert.Equal(province, RegionCode.IsProvince(code));
    }

    [Fact]
    public void Region_codes_belong_to_their_province() => Assert.Equal("320000", RegionCode.ProvinceOf("320102"));

    [Fact]
    public void Iso7064_mod_37_36_refuses_characters_outside_its_alphabet()
    {
        Assert.False(Iso7064Mod3736.TryCompute("ab", out _));
        Assert.False(Iso7064Mod3736.TryCompute("", out _));
        Assert.Throws<ArgumentException>(() => Iso7064Mod3736.Compute("A.B"));
    }
}
