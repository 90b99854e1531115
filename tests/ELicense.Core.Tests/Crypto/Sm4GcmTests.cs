using System.Security.Cryptography;
using ELicense.Core.Crypto;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Crypto;

/// <summary>SM4-GCM against the published example vector and, for its keystream, against OpenSSL's SM4-CTR.</summary>
public sealed class Sm4GcmTests
{
    // The SM4-GCM example of the SM4 modes draft (draft-ribose-cfrg-sm4), also among the Linux kernel's crypto self-tests.
    private static readonly byte[] Key = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");
    private static readonly byte[] Nonce = Convert.FromHexString("00001234567800000000ABCD");
    private static readonly byte[] Associated = Convert.FromHexString("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
    private static readonly byte[] Plain = Convert.FromHexString(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
    private static readonly byte[] Cipher = Convert.FromHexString(
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D");
    private static readonly byte[] Tag = Convert.FromHexString("83DE3541E4C2B58177E065A9BF7B62EC");

    [Fact]
    public void The_published_vector_opens_and_any_changed_byte_or_other_associated_data_is_refused()
    {
        byte[] sealedValue = [.. Nonce, .. Cipher, .. Tag];
        Assert.Equal(Plain, Sm4Gcm.Open(Key, sealedValue, Associated));
        for (var i = 0; i < sealedValue.Length; i++)
        {
            var changed = (byte[])sealedValue.Clone();
            changed[i] ^= 0x80;
            Assert.Throws<AuthenticationTagMismatchException>(() => Sm4Gcm.Open(Key, changed, Associated));
        }

        Assert.Throws<AuthenticationTagMismatchException>(() => Sm4Gcm.Open(Key, sealedValue, Associated.AsSpan(1)));
        Assert.ThrowsAny<CryptographicException>(() => Sm4Gcm.Open(Key, sealedValue.AsSpan(0, Sm4Gcm.Overhead - 1), Associated));
    }

    [Fact]
    public void What_Seal_makes_opens_and_its_ciphertext_is_OpenSSL_s_SM4_CTR_keystream_from_the_second_counter_block()
    {
        var sealedValue = Sm4Gcm.Seal(Key, Plain, Associated);
        Assert.Equal(Plain, Sm4Gcm.Open(Key, sealedValue, Associated));
        Assert.NotEqual(sealedValue, Sm4Gcm.Seal(Key, Plain, Associated));

        // GCM encrypts with CTR from J0 + 1 = nonce ‖ 00000002 (NIST SP 800-38D); OpenSSL did not write this code.
        var nonce = sealedValue.AsSpan(0, Sm4Gcm.NonceSize).ToArray();
        var folder = Directory.CreateTempSubdirectory("elicense-sm4-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "plain"), Plain);
            var result = ExternalTool.Run("openssl", folder, "enc", "-sm4-ctr", "-K", Convert.ToHexString(Key), "-iv", Convert.ToHexString(nonce) + "00000002",
                "-in", "plain", "-out", "cipher");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "cipher")), sealedValue.AsSpan(Sm4Gcm.NonceSize, Plain.Length).ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Derived_keys_differ_by_purpose_and_are_stable()
    {
        var secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(Sm4Gcm.DeriveKey(secret, "a"), Sm4Gcm.DeriveKey(secret, "a"));
        Assert.NotEqual(Sm4Gcm.DeriveKey(secret, "a"), Sm4Gcm.DeriveKey(secret, "b"));
        Assert.Equal(Sm4Gcm.KeySize, Sm4Gcm.DeriveKey(secret, "a").Length);
    }
}
