using Ascii = System.Text.Encoding;
using ELicense.Core.Crypto;
using ELicense.Core.Documents;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Documents;

/// <summary>
/// DESIGN §13: every malformed structure is a verdict, never a crash. Crafted CMS SignedData — empty
/// signed attributes, no or odd certificates, a signer matching none, signing-certificate-v2 naming no
/// certificate, attributes with no or two values, truncated DER and lengths of gigabytes — each fails
/// verification with a reason and never throws.
/// </summary>
public sealed class MalformedCmsTests
{
    private static readonly ReadOnlyMemory<byte>[] Parts = [Ascii.ASCII.GetBytes("%PDF-1.7 first range "), Ascii.ASCII.GetBytes(" second range %%EOF")];

    private static readonly Dictionary<KeyFamily, byte[]> Genuine = new()
    {
        [KeyFamily.Sm2] = Sign(KeyFamily.Sm2),
        [KeyFamily.Rsa] = Sign(KeyFamily.Rsa),
    };

    /// <summary>Every crafted variant of both families, by name, so a regression names the structure it broke on.</summary>
    public static TheoryData<KeyFamily, string> Variants()
    {
        var data = new TheoryData<KeyFamily, string>();
        foreach (var (family, genuine) in Genuine)
        {
            foreach (var (name, _) in MalformedCms.From(genuine))
            {
                data.Add(family, name);
            }
        }

        return data;
    }

    [Theory]
    [InlineData(KeyFamily.Sm2)]
    [InlineData(KeyFamily.Rsa)]
    public void The_genuine_signature_verifies_and_the_crafted_set_is_large_and_named_once_each(KeyFamily family)
    {
        var variants = MalformedCms.From(Genuine[family]);

        Assert.True(DetachedCms.Verify(Genuine[family], Parts).Valid);
        Assert.True(variants.Count >= 25, $"only {variants.Count} variants");
        Assert.Equal(variants.Count, variants.Select(v => v.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_crafted_malformed_CMS_fails_with_a_reason_and_never_throws(KeyFamily family, string variant)
    {
        var cms = MalformedCms.From(Genuine[family]).Single(v => v.Name == variant).Cms;

        foreach (var padded in new[] { cms, [.. cms, .. new byte[512]] })
        {
            var verification = DetachedCms.Verify(padded, Parts);

            Assert.False(verification.Valid);
            Assert.False(string.IsNullOrWhiteSpace(verification.Error));
        }
    }

    [Theory]
    [InlineData("an empty signed-attribute set", "no signed attributes")]
    [InlineData("no certificates", "no certificate")]
    [InlineData("an empty certificate set", "no certificate")]
    [InlineData("signing-certificate-v2 with no certificate ids", "names no certificate")]
    [InlineData("a message-digest attribute with an empty value set", "exactly one value")]
    [InlineData("the message-digest attribute twice", "more than once")]
    [InlineData("a signer identified by a subject key identifier", "subject key identifier")]
    public void The_empty_set_and_missing_certificate_cases_are_named_in_the_error(string variant, string expected)
    {
        var cms = MalformedCms.From(Genuine[KeyFamily.Rsa]).Single(v => v.Name == variant).Cms;

        var verification = DetachedCms.Verify(cms, Parts);

        Assert.False(verification.Valid);
        Assert.Contains(expected, verification.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775800")]
    [InlineData("4294967297")]
    public void A_byte_range_with_a_huge_length_is_refused_without_throwing(string huge)
    {
        // The gap holds a valid hex string, so only the last number is wrong: its sum with the offset overflows a long.
        const string Head = "%PDF-1.7\n1 0 obj <</Type/Sig/Contents<ABCD>";
        var text = $"{Head}/ByteRange[0 {Head.Length - 6} {Head.Length} {huge}]>> endobj\n%%EOF\n";

        Assert.False(PdfSignatureBytes.TryRead(Ascii.ASCII.GetBytes(text), out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    private static byte[] Sign(KeyFamily family)
    {
        var signer = TestPki.For(family).SignerFor("320000");
        return DetachedCms.Sign(signer.Key, signer.Certificate, Parts);
    }
}
