using System.Buffers.Binary;
using System.Security.Cryptography;
using ELicense.Core.Crypto;
using Utf8 = System.Text.Encoding;

namespace ELicense.Core.Keys;

/// <summary>
/// Encrypts private keys and the store's secrets at rest (DESIGN §7, §10) under a key-encryption key
/// (KEK), with the key's identifier as associated data, so an envelope cannot be swapped onto
/// another key record. The envelope names the KEK it was made under, so that after a KEK change
/// every key can be re-wrapped and old envelopes still open while that runs.
///
/// Two envelopes, both always readable; new ones use <see cref="Algorithm"/>:
/// <list type="bullet">
/// <item>"ELS1" ‖ KEK-id length (1 byte) ‖ KEK id (UTF-8) ‖ nonce (12) ‖ ciphertext ‖ tag (16): SM4-GCM under a
/// 128-bit key derived from the KEK by HKDF-SM3 — the default (GB/T 39786 expects national algorithms);</item>
/// <item>"ELK1" ‖ KEK-id length ‖ KEK id ‖ nonce (12) ‖ tag (16) ‖ ciphertext: AES-256-GCM under the KEK itself.</item>
/// </list>
/// An envelope of the other algorithm counts as due for re-wrapping (<see cref="NeedsRewrap"/>).
/// </summary>
public sealed class KeyProtector
{
    private static readonly byte[] Magic = "ELK1"u8.ToArray();
    private static readonly byte[] Sm4Magic = "ELS1"u8.ToArray();
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> keks;

    /// <param name="currentKekId">The KEK that new envelopes use.</param>
    /// <param name="keks">Every KEK that may have made an envelope, by id (32 bytes each).</param>
    /// <exception cref="ArgumentException">A KEK is not 32 bytes, an id is empty or longer than 64 bytes, or the current one is missing.</exception>
    /// <param name="algorithm">The envelope new keys get.</param>
    public KeyProtector(string currentKekId, IReadOnlyDictionary<string, byte[]> keks, EnvelopeAlgorithm algorithm = EnvelopeAlgorithm.Sm4Gcm)
    {
        Algorithm = algorithm;
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

    /// <summary>The envelope <see cref="Protect"/> makes.</summary>
    public EnvelopeAlgorithm Algorithm { get; }

    /// <summary>Encrypts a private key (PKCS #8 DER) or another secret for the record <paramref name="kid"/>.</summary>
    public byte[] Protect(ReadOnlySpan<byte> privateKey, string kid)
    {
        if (Algorithm == EnvelopeAlgorithm.Sm4Gcm)
        {
            var kekId = Utf8.UTF8.GetBytes(CurrentKekId);
            var key = Sm4Key(CurrentKekId);
            try
            {
                var body = Sm4Gcm.Seal(key, privateKey, Utf8.UTF8.GetBytes(kid));
                return [.. Sm4Magic, (byte)kekId.Length, .. kekId, .. body];
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

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
        var (kekId, header, algorithm) = Parse(envelope);
        if (!keks.TryGetValue(kekId, out var kek))
        {
            throw new CryptographicException($"The key was protected under KEK '{kekId}', which is not configured.");
        }

        if (algorithm == EnvelopeAlgorithm.Sm4Gcm)
        {
            var key = Sm4Key(kekId);
            try
            {
                return Sm4Gcm.Open(key, envelope[header..], Utf8.UTF8.GetBytes(kid));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        var ciphertext = envelope[(header + NonceSize + TagSize)..];
        var plain = new byte[ciphertext.Length];
        using var aes = new AesGcm(kek, TagSize);
        aes.Decrypt(envelope.Slice(header, NonceSize), ciphertext, envelope.Slice(header + NonceSize, TagSize), plain, Utf8.UTF8.GetBytes(kid));
        return plain;
    }

    /// <summary>Whether an envelope was made under another KEK or algorithm than the current ones and should be re-wrapped.</summary>
    public bool NeedsRewrap(ReadOnlySpan<byte> envelope)
    {
        var (kekId, _, algorithm) = Parse(envelope);
        return kekId != CurrentKekId || algorithm != Algorithm;
    }

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

    /// <summary>The SM4 key of a KEK's SM4-GCM envelopes (erase after use).</summary>
    private byte[] Sm4Key(string kekId) => Sm4Gcm.DeriveKey(keks[kekId], "elicense key envelope");

    /// <summary>The KEK id, where the nonce starts and the envelope's algorithm.</summary>
    private static (string KekId, int Header, EnvelopeAlgorithm Algorithm) Parse(ReadOnlySpan<byte> envelope)
    {
        var algorithm = envelope.StartsWith(Sm4Magic) ? EnvelopeAlgorithm.Sm4Gcm : EnvelopeAlgorithm.Aes256Gcm;
        if (envelope.Length < Magic.Length + 1 || !(envelope.StartsWith(Magic) || envelope.StartsWith(Sm4Magic)))
        {
            throw new CryptographicException("The protected key is not an ELS1 or ELK1 envelope.");
        }

        var idLength = envelope[Magic.Length];
        var header = Magic.Length + 1 + idLength;
        if (idLength == 0 || envelope.Length < header + NonceSize + TagSize + 1)
        {
            throw new CryptographicException("The protected key is truncated.");
        }

        return (Utf8.UTF8.GetString(envelope.Slice(Magic.Length + 1, idLength)), header, algorithm);
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

/// <summary>The cipher of new key envelopes.</summary>
public enum EnvelopeAlgorithm
{
    /// <summary>SM4-GCM under a key derived from the KEK (GB/T 32907; the default).</summary>
    Sm4Gcm,

    /// <summary>AES-256-GCM under the KEK (envelopes of earlier versions).</summary>
    Aes256Gcm,
}
