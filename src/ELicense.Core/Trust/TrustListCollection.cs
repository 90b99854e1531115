namespace ELicense.Core.Trust;

/// <summary>
/// The trust lists a verifier holds, one per configured province, and the trust material built
/// from them. A list is taken only when it verifies against the configured roots, is the
/// province's, and is not older than the one held (by sequence number, then signing time) — a
/// replayed old list, which could resurrect a revoked key, is refused. Thread-safe; readers get an
/// immutable <see cref="Material"/>.
/// </summary>
public sealed class TrustListCollection(CertificateChainValidator validator)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, HeldTrustList> held = new(StringComparer.Ordinal);
    private volatile TrustMaterial material = VerifiedTrustList.Combine([]);

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

    /// <summary>Offers the bytes of a province's trust list, as fetched or read from a cache.</summary>
    /// <param name="province">The province whose URL or cache file it came from.</param>
    /// <param name="bytes">The signed list.</param>
    /// <param name="receivedAt">When it was fetched (or, from a cache, when it was fetched then).</param>
    public TrustOffer Offer(string province, byte[] bytes, DateTimeOffset receivedAt)
    {
        if (!TrustListCodec.TryVerify(bytes, validator, out var verified, out var error))
        {
            return new TrustOffer(TrustOfferResult.Refused, error);
        }

        if (verified!.List.Region != province)
        {
            return new TrustOffer(TrustOfferResult.Refused, $"the list is province {verified.List.Region}'s, not {province}'s");
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
            }

            held[province] = new HeldTrustList(verified, bytes, receivedAt);
            material = VerifiedTrustList.Combine([.. held.Values.Select(h => h.List)]);
            return new TrustOffer(TrustOfferResult.Accepted, null);
        }
    }
}
