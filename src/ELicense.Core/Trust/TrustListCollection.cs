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
    private readonly Dictionary<string, HeldCatalogue> catalogues = new(StringComparer.Ordinal);
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

        if (verified.List.Region != province)
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
            Rebuild();
            return new TrustOffer(TrustOfferResult.Accepted, null);
        }
    }

    /// <summary>The catalogues held, by province.</summary>
    public IReadOnlyDictionary<string, HeldCatalogue> Catalogues
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, HeldCatalogue>(catalogues, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Offers the bytes of a province's catalogue document (<see cref="CatalogueDocumentCodec"/>), as fetched or read from a cache
    /// or bundle. Taken only when it verifies to the province's trust-list signer at <paramref name="receivedAt"/>, that signer is
    /// not distrusted, it is not older than the document held, and it keeps every definition of the held one unchanged (a
    /// published version never changes); otherwise the held document stays.
    /// </summary>
    public TrustOffer OfferCatalogue(string province, byte[] bytes, DateTimeOffset receivedAt)
    {
        // The held bytes again (a 304, a cache read): only the signature and dates are judged again, not every definition.
        var same = Catalogues.GetValueOrDefault(province) is { } held && bytes.AsSpan().SequenceEqual(held.Bytes);
        CatalogueDocument? document;
        string? error;
        var verified = same
            ? CatalogueDocumentCodec.TryVerifySignature(bytes, validator, receivedAt, out document, out error)
            : CatalogueDocumentCodec.TryVerify(bytes, validator, receivedAt, out document, out error);
        if (!verified)
        {
            return new TrustOffer(TrustOfferResult.Refused, error);
        }

        if (document!.Region != province)
        {
            return new TrustOffer(TrustOfferResult.Refused, $"the catalogue is province {document.Region}'s, not {province}'s");
        }

        if (distrusted.TryGetValue(province, out var fingerprints) && fingerprints.Contains(Fingerprint(document.SignerChain[0])))
        {
            return new TrustOffer(TrustOfferResult.Refused, "the catalogue signer's certificate is distrusted by configuration");
        }

        lock (gate)
        {
            if (catalogues.TryGetValue(province, out var current))
            {
                var was = current.Document;
                if (document.Sequence < was.Sequence || (document.Sequence == was.Sequence && document.IssuedAt < was.IssuedAt))
                {
                    return new TrustOffer(TrustOfferResult.Older,
                        $"sequence {document.Sequence} of {document.IssuedAt:O} is older than the held {was.Sequence} of {was.IssuedAt:O}");
                }

                if (bytes.AsSpan().SequenceEqual(current.Bytes))
                {
                    catalogues[province] = current with { ReceivedAt = receivedAt };
                    return new TrustOffer(TrustOfferResult.Unchanged, null);
                }

                if (same)
                {
                    return new TrustOffer(TrustOfferResult.Refused, "another document was taken while this one was judged; offer it again");
                }

                var now = new Licenses.LicenceCatalogue(document.Types);
                if (was.Types.FirstOrDefault(t => now.Find(t.Code, t.Version) is not { } same || !Licenses.CatalogueJson.SameDefinition(t, same)) is { } changed)
                {
                    return new TrustOffer(TrustOfferResult.Refused, $"it drops or changes the published definition {changed}");
                }
            }

            if (same)
            {
                return new TrustOffer(TrustOfferResult.Refused, "the document held was dropped while this one was judged; offer it again");
            }

            catalogues[province] = new HeldCatalogue(document, new Licenses.LicenceCatalogue(document.Types), bytes, receivedAt);
            Rebuild();
            return new TrustOffer(TrustOfferResult.Accepted, null);
        }
    }

    private void Rebuild() => material = VerifiedTrustList.Combine(
        [.. held.Values.Select(h => h.List)], new Licenses.ProvinceCatalogues(catalogues.ToDictionary(c => c.Key, c => c.Value.Catalogue, StringComparer.Ordinal)));
}
