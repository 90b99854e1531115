using System.Security.Cryptography;

namespace ELicense.Core.Trust;

/// <summary>
/// The trust lists a verifier holds, one per configured province, and the trust material built
/// from them. A list is taken only when it verifies against the configured roots at the time it is
/// received (<see cref="TrustListCodec.TryVerify"/>), is the province's, is not signed by a list
/// signer the configuration distrusts, and is not older than the one held (by sequence number, then
/// signing time) — a replayed old list, which could resurrect a revoked key, is refused — and keeps
/// every revocation of the list held (<see cref="RevocationFinality"/>): a newer list that shows a
/// revoked key unrevoked, or compromised later, is refused too.
/// A province whose list signer was compromised is recovered by distrusting that signer's
/// certificate (docs/adr/0005): its lists, held or offered, no longer count, so the genuine list is
/// taken whatever sequence number the attacker's list claimed. Thread-safe; readers get an
/// immutable <see cref="Material"/>.
/// </summary>
public sealed class TrustListCollection
{
    private readonly CertificateChainValidator validator;
    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> distrusted;
    private readonly ListReceiptRules rules;
    private readonly Lock gate = new();
    private readonly Dictionary<string, HeldTrustList> held = new(StringComparer.Ordinal);
    private volatile TrustMaterial material = VerifiedTrustList.Combine([]);

    /// <param name="validator">The configured national roots.</param>
    /// <param name="distrustedListSigners">Per province, SHA-256 fingerprints (hex) of list-signer certificates whose lists are refused.</param>
    /// <param name="rules">The receipt rules; <see cref="ListReceiptRules.TrustLists"/> when null.</param>
    public TrustListCollection(
        CertificateChainValidator validator, IReadOnlyDictionary<string, IReadOnlySet<string>>? distrustedListSigners = null, ListReceiptRules? rules = null)
    {
        this.validator = validator;
        distrusted = distrustedListSigners ?? new Dictionary<string, IReadOnlySet<string>>();
        this.rules = rules ?? ListReceiptRules.TrustLists;
    }

    /// <summary>Trust over every list held.</summary>
    public TrustMaterial Material => material;

    /// <summary>The lists held, by province.</summary>
    public IReadOnlyDictionary<string, HeldTrustList> Held
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, HeldTrustList>(held, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The fingerprint by which a list signer is distrusted: lower-case hex SHA-256 of its DER certificate.</summary>
    public static string Fingerprint(byte[] certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate));

    /// <summary>Offers the bytes of a province's trust list, as fetched or read from a cache or bundle.</summary>
    /// <param name="province">The province whose URL, cache file or bundle entry it came from.</param>
    /// <param name="bytes">The signed list.</param>
    /// <param name="receivedAt">Now: the list's signer must be valid at this time, and its iat not ahead of it.</param>
    public TrustOffer Offer(string province, byte[] bytes, DateTimeOffset receivedAt)
    {
        if (!TrustListCodec.TryVerify(bytes, validator, receivedAt, rules, out var verified, out var error))
        {
            return new TrustOffer(TrustOfferResult.Refused, error);
        }

        if (verified!.List.Region != province)
        {
            return new TrustOffer(TrustOfferResult.Refused, $"the list is province {verified.List.Region}'s, not {province}'s");
        }

        if (distrusted.TryGetValue(province, out var fingerprints) && fingerprints.Contains(Fingerprint(verified.List.SignerChain[0])))
        {
            return new TrustOffer(TrustOfferResult.Refused, "the list signer's certificate is distrusted by configuration");
        }

        lock (gate)
        {
            if (held.TryGetValue(province, out var current))
            {
                var (sequence, issuedAt) = (verified.List.Sequence, verified.List.IssuedAt);
                if (sequence < current.List.List.Sequence || (sequence == current.List.List.Sequence && issuedAt < current.List.List.IssuedAt))
                {
                    return new TrustOffer(TrustOfferResult.Older,
                        $"sequence {sequence} of {issuedAt:O} is older than the held {current.List.List.Sequence} of {current.List.List.IssuedAt:O}");
                }

                if (bytes.AsSpan().SequenceEqual(current.Bytes))
                {
                    held[province] = current with { ReceivedAt = receivedAt };
                    return new TrustOffer(TrustOfferResult.Unchanged, null);
                }

                if (RevocationFinality.Problem(current.List.List, verified.List) is { } unrevoked)
                {
                    return new TrustOffer(TrustOfferResult.Refused, unrevoked);
                }
            }

            held[province] = new HeldTrustList(verified, bytes, receivedAt);
            material = VerifiedTrustList.Combine([.. held.Values.Select(h => h.List)]);
            return new TrustOffer(TrustOfferResult.Accepted, null);
        }
    }
}
