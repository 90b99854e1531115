using ELicense.Core.Identifiers;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Identifiers;

/// <summary>
/// <see cref="CitizenIdNumber.MaskWithin"/> masks a citizen identity number however a field writes it —
/// in groups, in full-width digits, the 15-digit form, anyone's — and leaves ordinary text (dates,
/// telephone numbers, amounts, other references) as it was, at the same length.
/// </summary>
public sealed class CitizenIdNumberMaskingTests
{
    private static readonly string Holder = Some.CitizenId();

    [Theory]
    [InlineData(" ")]
    [InlineData("-")]
    [InlineData(" - ")]
    [InlineData("\u2013")] // en dash
    [InlineData("\u3000")] // ideographic space
    [InlineData("\u00a0")] // no-break space
    [InlineData("\u200b")] // zero-width space: invisible, yet it split the number for a scanner of contiguous digits
    public void The_holders_number_written_in_groups_inside_a_field_keeps_only_its_region(string separator)
    {
        var text = $"江苏省南京市玄武区 {Holder[..6]}{separator}{Holder[6..14]}{separator}{Holder[14..]} 号";

        Assert.Equal($"江苏省南京市玄武区 {Holder[..6]}{separator}********{separator}**** 号", CitizenIdNumber.MaskWithin(text, Holder));
    }

    [Fact]
    public void A_number_written_in_groups_of_four_keeps_only_its_region()
    {
        var text = $"身份证 {Holder[..4]} {Holder[4..8]} {Holder[8..12]} {Holder[12..16]} {Holder[16..]}";

        Assert.Equal($"身份证 {Holder[..4]} {Holder[4..6]}** **** **** **", CitizenIdNumber.MaskWithin(text));
    }

    [Fact]
    public void A_number_in_full_width_digits_keeps_only_its_region()
    {
        var text = "住址栏：" + FullWidth(Holder) + "。";

        Assert.Equal("住址栏：" + FullWidth(Holder[..6]) + new string('*', 12) + "。", CitizenIdNumber.MaskWithin(text, Holder));
        Assert.Equal("住址栏：" + FullWidth(Holder[..6]) + new string('*', 12) + "。", CitizenIdNumber.MaskWithin(text));
    }

    [Fact]
    public void A_number_in_full_width_digits_with_a_full_width_check_x_and_spaces_keeps_only_its_region()
    {
        var number = CitizenIdNumber.Complete("11010519491231002"); // the example of GB 11643-1999, check X
        var text = FullWidth(number[..6]) + "\u3000" + FullWidth(number[6..14]) + "\u3000" + FullWidth(number[14..]).Replace('X', 'ｘ');

        Assert.Equal(FullWidth(number[..6]) + "\u3000********\u3000****", CitizenIdNumber.MaskWithin(text, Holder));
    }

    [Theory]
    [InlineData("母亲原身份证号 320102620512452", "母亲原身份证号 320102*********")]
    [InlineData("旧证号码：320102 620512 452。", "旧证号码：320102 ****** ***。")]
    [InlineData("父 110105491231002，母 320102620512452", "父 110105*********，母 320102*********")]
    public void Another_persons_old_15_digit_number_keeps_only_its_region(string text, string masked)
        => Assert.Equal(masked, CitizenIdNumber.MaskWithin(text, Holder));

    [Theory]
    [InlineData("配偶 32010219910808452 同住", "配偶 320102*********** 同住")] // a 17-digit body gives the check away
    [InlineData("配偶 320102 19910808 4521 同住", "配偶 320102 ******** **** 同住")] // a wrong check character hides nothing
    public void Another_persons_number_its_body_or_a_miswritten_one_keeps_only_its_region(string text, string masked)
        => Assert.Equal(masked, CitizenIdNumber.MaskWithin(text, Holder));

    [Theory]
    [InlineData("2026-05-20")]
    [InlineData("有效期 2019-01-01 至 2039-01-01")]
    [InlineData("2019-01-01 2020-12-31")]
    [InlineData("电话 +86 138-0013-8000")]
    [InlineData("电话 025 8468 1234，传真 025-8468-1235")]
    [InlineData("注册资本 1,234,567.89 元")]
    [InlineData("人民币 12345678901234 元")]
    [InlineData("证书编号 J320102-2026-001234")]
    [InlineData("开户账号 6222 0212 3456 7890 123")]
    [InlineData("订单号 123456789012345")]
    [InlineData("江苏省南京市玄武区中山路 100 号 1 幢 2 单元 301 室")]
    [InlineData("统一社会信用代码 91320102MA1X2Y3W4Q，邮编 210018")]
    [InlineData("３月７日 １０：３０")]
    public void Ordinary_text_is_left_as_it_was(string text) => Assert.Equal(text, CitizenIdNumber.MaskWithin(text, Holder));

    [Fact]
    public void The_holders_number_written_plainly_or_in_lower_case_is_masked_as_before()
    {
        Assert.Equal($"第{Holder[..6]}************号", CitizenIdNumber.MaskWithin($"第{Holder}号", Holder));
        var lower = CitizenIdNumber.Complete("11010519491231002").ToLowerInvariant();
        Assert.Equal("110105************", CitizenIdNumber.MaskWithin(lower));
    }

    private static string FullWidth(string text) => string.Concat(text.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : c == 'X' ? 'Ｘ' : c));
}
