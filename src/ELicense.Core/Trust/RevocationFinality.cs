using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace ELicense.Core.Trust;

/// <summary>
/// A revocation is final at a verifier (DESIGN §7, §13): a province's next list may drop a key its held
/// list shows as revoked (removal), or move that key's compromise time earlier, but never show it pending,
/// active or retired again, nor revoked only from a later time. Whoever can write the province's key store
/// can make the province's own service sign such a list, with a signer the verifier rightly trusts; only
/// the verifier's memory of the revocation keeps a stolen key cut off. A key is known by its public key,
/// not its certificate, so the stolen key under a fresh certificate (another kid) is still the revoked key.
/// </summary>
public static class RevocationFinality
{
    /// <summary>
    /// Why <paramref name="offered"/> may not replace <paramref name="held"/> (a province's lists, the offered
    /// one newer); null when every revocation of the held list stands in it or the key is gone. The reason
    /// names kids in hex and times, nothing written in the offered list's certificates.
    /// </summary>
    public static string? Problem(TrustList held, TrustList offered)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(offered);
        var revoked = new Dictionary<string, TrustListEntry>(StringComparer.Ordinal);
        foreach (var entry in held.Entries.Where(e => e.State == SignerState.Revoked))
        {
            // The same key under two revoked certificates: the earlier compromise time is the one that stands.
            var key = KeyOf(entry.Certificate);
            if (!revoked.TryGetValue(key, out var other) || IsLater(other.CompromisedAt, entry.CompromisedAt))
            {
                revoked[key] = entry;
            }
        }

        if (revoked.Count == 0)
        {
            return null;
        }

        foreach (var entry in offered.Entries)
        {
            if (!revoked.TryGetValue(KeyOf(entry.Certificate), out var was))
            {
                continue;
            }

            var kid = KidOf(entry.Certificate);
            var heldKid = KidOf(was.Certificate);
            var since = was.CompromisedAt is { } at ? $"from {at:O}" : "with no compromise time (everything it signed)";
            var subject = kid == heldKid
                ? $"kid {kid} is revoked in the list held {since} and"
                : $"kid {kid} carries the key of kid {heldKid}, revoked in the list held {since}, and is";
            if (Undoes(was.CompromisedAt, entry.State, entry.CompromisedAt))
            {
                return entry.State != SignerState.Revoked
                    ? $"{subject} {entry.State.ToString().ToLowerInvariant()} in this one: a revocation is final"
                    : $"{subject} revoked in this one only from {entry.CompromisedAt:O}: a compromise time may only move earlier";
            }
        }

        return null;
    }

    /// <summary>
    /// The rule for one key, wherever a revocation is remembered (a verifier's held list, the issuing
    /// service's loaded key set and its revocation ledger): whether a later view of a key revoked from
    /// <paramref name="revokedFrom"/> (null: everything it signed) undoes that revocation.
    /// </summary>
    public static bool Undoes(DateTimeOffset? revokedFrom, SignerState state, DateTimeOffset? compromisedAt)
        => state != SignerState.Revoked || IsLater(compromisedAt, revokedFrom);

    /// <summary>Whether compromise time <paramref name="offered"/> lies after <paramref name="held"/>; none stated is the earliest of all.</summary>
    private static bool IsLater(DateTimeOffset? offered, DateTimeOffset? held)
        => offered is { } o && (held is not { } h || o > h);

    private static string KidOf(byte[] certificate) => Kid.ToHex(Kid.Compute(certificate));

    /// <summary>
    /// SHA-256 of the certificate's key itself — an EC point uncompressed, an RSA modulus and exponent — so that one key
    /// encoded another way (an SM2 point compressed, which the SM2 import accepts) is still that key; of the bytes
    /// themselves for what does not parse (still the same bytes, the same key).
    /// </summary>
    private static string KeyOf(byte[] certificate)
    {
        try
        {
            var info = new X509Certificate(certificate).CertificateStructure.SubjectPublicKeyInfo;
            var key = PublicKeyFactory.CreateKey(info) switch
            {
                ECPublicKeyParameters ec => [.. "ec:"u8, .. ec.Q.Normalize().GetEncoded(false)],
                RsaKeyParameters rsa => [.. "rsa:"u8, .. rsa.Modulus.ToByteArrayUnsigned(), .. ":"u8, .. rsa.Exponent.ToByteArrayUnsigned()],
                _ => info.GetDerEncoded(),
            };
            return "key:" + Convert.ToHexStringLower(SHA256.HashData(key));
        }
        catch (Exception e) when (Encoding.MalformedAsn1.Is(e))
        {
            return "der:" + Convert.ToHexStringLower(SHA256.HashData(certificate));
        }
    }
}
