using System.Security.Cryptography;
using ELicense.Core.Crypto;
using Xunit;

namespace ELicense.Core.Tests.Crypto;

public class KeyPemTests
{
    [Theory]
    [InlineData(KeyFamily.Sm2)]
    [InlineData(KeyFamily.Rsa)]
    public void An_encrypted_key_reads_back_with_its_password_only(KeyFamily family)
    {
        using var key = SignatureAlgorithms.For(family).Generate();
        var pem = KeyPem.WriteEncryptedPrivateKey(key, "correct horse", iterations: 1_000);

        using var read = KeyPem.ReadEncryptedPrivateKey(pem, "correct horse");

        Assert.Equal(key.SubjectPublicKeyInfo, read.SubjectPublicKeyInfo);
        Assert.Equal(family, read.Algorithm.Family);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem);
        Assert.ThrowsAny<CryptographicException>(() => KeyPem.ReadEncryptedPrivateKey(pem, "wrong"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem at all")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void Text_without_an_encrypted_key_is_refused(string text)
        => Assert.ThrowsAny<CryptographicException>(() => KeyPem.ReadEncryptedPrivateKey(text, "x"));

    [Fact]
    public void Text_without_a_certificate_is_refused()
        => Assert.Throws<FormatException>(() => KeyPem.ReadCertificates("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));

    [Fact]
    public void A_public_key_of_neither_family_is_refused()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.ThrowsAny<CryptographicException>(() => SignatureAlgorithms.ImportPublicKey(p256.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void An_rsa_key_below_2048_bits_is_refused()
    {
        using var rsa = RSA.Create(1024);

        Assert.ThrowsAny<CryptographicException>(() => RsaPs256Algorithm.Instance.ImportPublicKey(rsa.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void An_sm2_signature_of_the_wrong_length_or_out_of_range_is_false_not_an_exception()
    {
        using var key = Sm2Sm3Algorithm.Instance.Generate();
        var verifier = Sm2Sm3Algorithm.Instance.ImportPublicKey(key.SubjectPublicKeyInfo);

        Assert.False(verifier.Verify("x"u8, new byte[63]));
        Assert.False(verifier.Verify("x"u8, new byte[64]));
        Assert.False(verifier.Verify("x"u8, Enumerable.Repeat((byte)0xFF, 64).ToArray()));
    }
}
