using System.Buffers.Binary;
using System.Security.Cryptography;
using Utf8 = System.Text.Encoding;

namespace ELicense.Core.Keys;

/// <summary>
/// Encrypts private keys at rest (DESIGN §7): AES-256-GCM under a key-encryption key (KEK), with
/// the key's identifier as associated data, so an envelope cannot be swapped onto another key
/// record. The envelope names the KEK it was made under, so that after a KEK change every key can
/// be re-wrapped and old envelopes still open while that runs.
///
/// Envelope: "ELK1" ‖ KEK-id length (1 byte) ‖ KEK id (UTF-8) ‖ nonce (12) ‖ tag (16) ‖ ciphertext.
/// </summary>
public sealed class KeyProtector
{
    private static readonly byte[] Magic = "ELK1"u8.ToArray();
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> keks;

    /// <param name="currentKekId">The KEK that new envelopes use.</param>
    /// <param name="keks">Every KEK that may have made an envelope, by id (32 bytes each).</param>
    /// <exception cref="ArgumentException">A KEK is not 32 bytes, an id is empty or longer than 64 bytes, or the current one is missing.</exception>
    public KeyProtector(string currentKekId, IReadOnlyDictionary<string, byte[]> keks)
    {
        foreach (var (id, kek) in keks)
        {
            if (kek.Length != 32 || id.Length == 0 || Utf8.UTF8.GetByteCount(id) > 64)
            {
                throw new ArgumentException($"KEK '{id}' must have an id of 1 to 64 bytes and 32 bytes of key.", nameof(keks));
            }
        }

        if (!keks.ContainsKey(currentKekId))
        {
            throw new ArgumentException($"The current KEK '{currentKekId}' is not among the KEKs.", nameof(currentKekId));
        }

        CurrentKekId = currentKekId;
        this.keks = keks.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
    }

    public string CurrentKekId { get; }

    /// <summary>Encrypts a private key (PKCS #8 DER) for the key record <paramref name="kid"/>.</summary>
    public byte[] Protect(ReadOnlySpan<byte> privateKey, string kid)
    {
        var id = Utf8.UTF8.GetBytes(CurrentKekId);
        var envelope = new byte[Magic.Length + 1 + id.Length + NonceSize + TagSize + privateKey.Length];
        Magic.CopyTo(envelope, 0);
        envelope[Magic.Length] = (byte)id.Length;
        id.CopyTo(envelope, Magic.Length + 1);
        var nonce = envelope.AsSpan(Magic.Length + 1 + id.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keks[CurrentKekId], TagSize);
        aes.Encrypt(nonce, privateKey, envelope.AsSpan(Magic.Length + 1 + id.Length + NonceSize + TagSize),
            envelope.AsSpan(Magic.Length + 1 + id.Length + NonceSize, TagSize), Utf8.UTF8.GetBytes(kid));
        return envelope;
    }

    /// <summary>Decrypts an envelope made for <paramref name="kid"/>.</summary>
    /// <exception cref="CryptographicException">The envelope is malformed, names an unknown KEK, belongs to another key, or was changed.</exception>
    public byte[] Unprotect(ReadOnlySpan<byte> envelope, string kid)
    {
        var (kekId, header) = Parse(envelope);
        if (!keks.TryGetValue(kekId, out var kek))
        {
            throw new CryptographicException($"The key was protected under KEK '{kekId}', which is not configured.");
        }

        var ciphertext = envelope[(header + NonceSize + TagSize)..];
        var plain = new byte[ciphertext.Length];
        using var aes = new AesGcm(kek, TagSize);
        aes.Decrypt(envelope.Slice(header, NonceSize), ciphertext, envelope.Slice(header + NonceSize, TagSize), plain, Utf8.UTF8.GetBytes(kid));
        return plain;
    }

    /// <summary>Whether an envelope was made under another KEK than the current one and should be re-wrapped.</summary>
    public bool NeedsRewrap(ReadOnlySpan<byte> envelope) => Parse(envelope).KekId != CurrentKekId;

    /// <summary>Re-encrypts an envelope under the current KEK; the private key never leaves memory.</summary>
    public byte[] Rewrap(ReadOnlySpan<byte> envelope, string kid)
    {
        var plain = Unprotect(envelope, kid);
        try
        {
            return Protect(plain, kid);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The KEK id and where the nonce starts.</summary>
    private static (string KekId, int Header) Parse(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < Magic.Length + 1 || !envelope[..Magic.Length].SequenceEqual(Magic))
        {
            throw new CryptographicException("The protected key is not an ELK1 envelope.");
        }

        var idLength = envelope[Magic.Length];
        var header = Magic.Length + 1 + idLength;
        if (idLength == 0 || envelope.Length < header + NonceSize + TagSize + 1)
        {
            throw new CryptographicException("The protected key is truncated.");
        }

        return (Utf8.UTF8.GetString(envelope.Slice(Magic.Length + 1, idLength)), header);
    }

    /// <summary>
    /// A seal over data: HMAC-SHA256 under a key derived (HKDF) from the current KEK for
    /// <paramref name="purpose"/>, as <c>kek-id:base64</c>. Records sealed so can be told from records
    /// written by whoever can write to the store: the KEK never is in the store.
    /// </summary>
    public string Seal(string purpose, ReadOnlySpan<byte> data) => CurrentKekId + ":" + Convert.ToBase64String(Mac(CurrentKekId, purpose, data));

    /// <summary>Whether <paramref name="seal"/> was made by <see cref="Seal"/> over this data under a KEK held here.</summary>
    /// <exception cref="CryptographicException">The seal names a KEK that is not configured (a KEK removed too early): a
    /// configuration fault to report, not a record to ignore.</exception>
    public bool IsSealed(string purpose, ReadOnlySpan<byte> data, string? seal)
    {
        var colon = seal?.LastIndexOf(':') ?? -1;
        if (colon <= 0)
        {
            return false;
        }

        if (!keks.ContainsKey(seal![..colon]))
        {
            throw new CryptographicException($"A record is sealed under KEK '{seal[..colon]}', which is not configured; add it to Keys:KekFile or Keys:Keks.");
        }

        Span<byte> given = stackalloc byte[32];
        return Convert.TryFromBase64String(seal[(colon + 1)..], given, out var length) && length == 32
            && CryptographicOperations.FixedTimeEquals(given, Mac(seal[..colon], purpose, data));
    }

    private byte[] Mac(string kekId, string purpose, ReadOnlySpan<byte> data)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, keks[kekId], 32, info: Utf8.UTF8.GetBytes("elicense seal " + purpose));
        try
        {
            return HMACSHA256.HashData(key, data);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
