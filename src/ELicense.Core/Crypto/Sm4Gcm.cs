using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace ELicense.Core.Crypto;

/// <summary>
/// SM4 (GB/T 32907) in GCM mode (RFC 8998 names it for TLS; GB/T 39786 asks government systems
/// for national algorithms at rest), through BouncyCastle: a 128-bit key, a 96-bit nonce, a
/// 128-bit tag. Layout of a sealed value: nonce (12) ‖ ciphertext ‖ tag (16).
/// </summary>
public static class Sm4Gcm
{
    public const int KeySize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>The bytes a sealed value adds to its plaintext.</summary>
    public const int Overhead = NonceSize + TagSize;

    /// <summary>Encrypts <paramref name="plaintext"/> under a fresh random nonce; <paramref name="associated"/> is bound, not stored.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associated)
    {
        var sealedValue = new byte[Overhead + plaintext.Length];
        RandomNumberGenerator.Fill(sealedValue.AsSpan(0, NonceSize));
        var cipher = Cipher(forEncryption: true, key, sealedValue.AsSpan(0, NonceSize), associated);
        var written = cipher.ProcessBytes(plaintext, sealedValue.AsSpan(NonceSize));
        cipher.DoFinal(sealedValue.AsSpan(NonceSize + written));
        return sealedValue;
    }

    /// <summary>Decrypts what <see cref="Seal"/> made under the same key and associated data.</summary>
    /// <exception cref="CryptographicException">The value is too short, or it or the associated data was changed, or the key is another.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associated)
    {
        if (sealedValue.Length < Overhead)
        {
            throw new CryptographicException("An SM4-GCM value is shorter than its nonce and tag.");
        }

        var cipher = Cipher(forEncryption: false, key, sealedValue[..NonceSize], associated);
        var plain = new byte[sealedValue.Length - Overhead];
        try
        {
            var written = cipher.ProcessBytes(sealedValue[NonceSize..], plain);
            cipher.DoFinal(plain.AsSpan(written));
            return plain;
        }
        catch (InvalidCipherTextException e)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw new AuthenticationTagMismatchException("An SM4-GCM value fails its tag: it was changed, or belongs to another key or record.", e);
        }
    }

    /// <summary>A 128-bit SM4 key for <paramref name="purpose"/> from a longer secret: HKDF (RFC 5869) over SM3.</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> secret, string purpose)
    {
        var hkdf = new HkdfBytesGenerator(new SM3Digest());
        hkdf.Init(new HkdfParameters(secret.ToArray(), null, System.Text.Encoding.UTF8.GetBytes(purpose)));
        var key = new byte[KeySize];
        hkdf.GenerateBytes(key, 0, key.Length);
        return key;
    }

    private static GcmBlockCipher Cipher(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associated)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("An SM4 key is 16 bytes.", nameof(key));
        }

        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(forEncryption, new AeadParameters(new KeyParameter(key), TagSize * 8, nonce.ToArray(), associated.ToArray()));
        return cipher;
    }
}
