using Ascii = System.Text.Encoding;
using ELicense.Core.Crypto;
using ELicense.Core.Documents;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Documents;

public sealed class DetachedCmsTests
{
    private static readonly ReadOnlyMemory<byte>[] Parts = [Ascii.ASCII.GetBytes("%PDF-1.7 first range "), Ascii.ASCII.GetBytes(" second range %%EOF")];

    [Theory]
    [InlineData(KeyFamily.Sm2)]
    [InlineData(KeyFamily.Rsa)]
    public void Signature_over_parts_verifies_and_fails_for_other_data(KeyFamily family)
    {
        var signer = TestPki.For(family).SignerFor("320000");
        var cms = DetachedCms.Sign(signer.Key, signer.Certificate, Parts);

        var verification = DetachedCms.Verify(cms, Parts);
        Assert.True(verification.Valid, verification.Error);
        Assert.Equal(signer.Certificate, verification.SignerCertificate);
        Assert.False(DetachedCms.Verify(cms, [Parts[0], Ascii.ASCII.GetBytes(" second range %%EOG")]).Valid);
        Assert.False(DetachedCms.Verify(cms, [Parts[0]]).Valid);
    }

    [Fact]
    public void Zero_padding_after_the_signature_as_a_PDF_reserves_it_is_ignored()
    {
        var signer = TestPki.Rsa.SignerFor("310000");
        var cms = DetachedCms.Sign(signer.Key, signer.Certificate, Parts);
        Assert.True(DetachedCms.Verify([.. cms, .. new byte[4000]], Parts).Valid);
    }

    [Fact]
    public void OpenSSL_verifies_the_RSA_signature_over_the_same_data()
    {
        var signer = TestPki.Rsa.SignerFor("320000");
        var folder = Directory.CreateTempSubdirectory("elicense-cms-").FullName;
        File.WriteAllBytes(Path.Combine(folder, "sig.der"), DetachedCms.Sign(signer.Key, signer.Certificate, Parts));
        File.WriteAllBytes(Path.Combine(folder, "data.bin"), [.. Parts[0].ToArray(), .. Parts[1].ToArray()]);
        File.WriteAllBytes(Path.Combine(folder, "other.bin"), Ascii.ASCII.GetBytes("something else"));

        var good = ExternalTool.Run("openssl", folder, "cms", "-verify", "-binary", "-noverify", "-inform", "DER", "-in", "sig.der", "-content", "data.bin", "-out", "/dev/null");
        var bad = ExternalTool.Run("openssl", folder, "cms", "-verify", "-binary", "-noverify", "-inform", "DER", "-in", "sig.der", "-content", "other.bin", "-out", "/dev/null");
        var printed = ExternalTool.Run("openssl", folder, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der");
        Directory.Delete(folder, recursive: true);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("Verification successful", good.Error);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("id-smime-aa-signingCertificateV2", printed.Output);
        Assert.DoesNotContain("signingTime", printed.Output);
    }

    [Fact]
    public void Garbage_and_truncated_signatures_fail_without_throwing()
    {
        var signer = TestPki.Sm2.SignerFor("320000");
        var cms = DetachedCms.Sign(signer.Key, signer.Certificate, Parts);
        var random = new Random(7);
        for (var length = 0; length < cms.Length; length += 7)
        {
            Assert.False(DetachedCms.Verify(cms.AsSpan(0, length), Parts).Valid);
        }

        for (var i = 0; i < 2_000; i++)
        {
            var mutated = (byte[])cms.Clone();
            mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            _ = DetachedCms.Verify(mutated, Parts);
            var noise = new byte[random.Next(1, 600)];
            random.NextBytes(noise);
            Assert.False(DetachedCms.Verify(noise, Parts).Valid);
        }
    }
}
