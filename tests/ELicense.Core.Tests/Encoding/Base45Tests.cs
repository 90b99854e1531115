using ELicense.Core.Encoding;
using Xunit;

namespace ELicense.Core.Tests.Encoding;

/// <summary>The examples of RFC 9285 §4.3 and its invalid cases.</summary>
public class Base45Tests
{
    [Theory]
    [InlineData("AB", "BB8")]
    [InlineData("Hello!!", "%69 VD92EX0")]
    [InlineData("base-45", "UJCLQE7W581")]
    [InlineData("ietf!", "QED8WEX0")]
    [InlineData("", "")]
    public void Encodes_and_decodes_the_rfc_examples(string plain, string encoded)
    {
        Assert.Equal(encoded, Base45.Encode(System.Text.Encoding.ASCII.GetBytes(plain)));
        Assert.True(Base45.TryDecode(encoded, out var decoded));
        Assert.Equal(plain, System.Text.Encoding.ASCII.GetString(decoded));
    }

    [Theory]
    [InlineData("GGW")] // 65535 < value
    [InlineData("ZZZ")]
    [InlineData("A")] // a dangling single character
    [InlineData("ABCD")]
    [InlineData("QED8WEX0a")] // lower case is not in the alphabet
    [InlineData("QED8WEX\u00e90")]
    [InlineData("::")] // 44 + 44*45 = 2024 > 255 for a final pair
    public void Rejects_invalid_text(string text) => Assert.False(Base45.TryDecode(text, out _));

    [Fact]
    public void Round_trips_every_byte_value_and_odd_lengths()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (var length = 0; length <= 9; length++)
        {
            Assert.True(Base45.TryDecode(Base45.Encode(bytes.AsSpan(length)), out var decoded));
            Assert.Equal(bytes[length..], decoded);
        }
    }
}
