using System.Security.Cryptography;
using ELicense.Core.Keys;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Keys;

public sealed class KeyProtectorTests
{
    private static readonly byte[] Old = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] New = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_protected_key_opens_only_for_its_key_record_and_holds_no_plaintext()
    {
        var pkcs8 = TestPki.Sm2.SignerFor("320000").Key.ExportPkcs8();
        var protector = new KeyProtector("kek-2026", new Dictionary<string, byte[]> { ["kek-2026"] = Old });
        var envelope = protector.Protect(pkcs8, "aa0ad52e072a5819");

        Assert.Equal(pkcs8, protector.Unprotect(envelope, "aa0ad52e072a5819"));
        Assert.Throws<AuthenticationTagMismatchException>(() => protector.Unprotect(envelope, "0e05d5c0d51547bc"));
        Assert.True(envelope.AsSpan().IndexOf(pkcs8.AsSpan(pkcs8.Length - 32)) < 0, "the private scalar appears in the envelope");
        Assert.NotEqual(envelope, protector.Protect(pkcs8, "aa0ad52e072a5819"));
    }

    [Fact]
    public void Changed_truncated_or_foreign_envelopes_are_refused()
    {
        var protector = new KeyProtector("a", new Dictionary<string, byte[]> { ["a"] = Old });
        var envelope = protector.Protect([1, 2, 3, 4, 5], "kid");
        for (var i = 0; i < envelope.Length; i++)
        {
            var changed = (byte[])envelope.Clone();
            changed[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(changed, "kid"));
        }

        for (var length = 0; length < envelope.Length; length++)
        {
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(envelope.AsSpan(0, length), "kid"));
        }

        var stranger = new KeyProtector("b", new Dictionary<string, byte[]> { ["b"] = New });
        Assert.Contains("'a'", Assert.ThrowsAny<CryptographicException>(() => stranger.Unprotect(envelope, "kid")).Message);
    }

    [Fact]
    public void Changing_the_KEK_rewraps_every_key_under_the_new_one()
    {
        var before = new KeyProtector("old", new Dictionary<string, byte[]> { ["old"] = Old });
        var envelope = before.Protect([9, 8, 7], "kid");
        var during = new KeyProtector("new", new Dictionary<string, byte[]> { ["old"] = Old, ["new"] = New });
        Assert.True(during.NeedsRewrap(envelope));

        var rewrapped = during.Rewrap(envelope, "kid");
        Assert.False(during.NeedsRewrap(rewrapped));
        var after = new KeyProtector("new", new Dictionary<string, byte[]> { ["new"] = New });
        Assert.Equal(new byte[] { 9, 8, 7 }, after.Unprotect(rewrapped, "kid"));
        Assert.ThrowsAny<CryptographicException>(() => after.Unprotect(envelope, "kid"));
    }

    [Fact]
    public void Bad_KEK_configuration_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new KeyProtector("a", new Dictionary<string, byte[]> { ["a"] = new byte[16] }));
        Assert.Throws<ArgumentException>(() => new KeyProtector("missing", new Dictionary<string, byte[]> { ["a"] = Old }));
        Assert.Throws<ArgumentException>(() => new KeyProtector("", new Dictionary<string, byte[]> { [""] = Old }));
    }

    [Fact]
    public void New_envelopes_are_SM4_GCM_and_AES_envelopes_of_earlier_versions_stay_readable_and_are_rewrapped_into_SM4()
    {
        var keks = new Dictionary<string, byte[]> { ["k"] = Old };
        var aes = new KeyProtector("k", keks, EnvelopeAlgorithm.Aes256Gcm);
        var sm4 = new KeyProtector("k", keks);
        var earlier = aes.Protect([1, 2, 3], "kid");
        var current = sm4.Protect([1, 2, 3], "kid");

        Assert.Equal(EnvelopeAlgorithm.Sm4Gcm, sm4.Algorithm);
        Assert.Equal("ELK1"u8.ToArray(), earlier[..4]);
        Assert.Equal("ELS1"u8.ToArray(), current[..4]);
        Assert.Equal(new byte[] { 1, 2, 3 }, sm4.Unprotect(earlier, "kid"));
        Assert.Equal(new byte[] { 1, 2, 3 }, aes.Unprotect(current, "kid"));
        Assert.True(sm4.NeedsRewrap(earlier));
        Assert.False(sm4.NeedsRewrap(current));
        Assert.True(aes.NeedsRewrap(current));
        Assert.Equal("ELS1"u8.ToArray(), sm4.Rewrap(earlier, "kid")[..4]);
        Assert.Throws<AuthenticationTagMismatchException>(() => sm4.Unprotect(current, "other"));
    }
}
