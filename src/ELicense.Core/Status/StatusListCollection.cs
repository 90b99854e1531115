using System.Collections.Concurrent;
using ELicense.Core.Encoding;

namespace ELicense.Core.Status;

/// <summary>
/// The verified status lists a host holds, by (province, list name): the pipeline's
/// <see cref="IStatusSource"/>. A list replaces the one held for its key only when it is newer, so an
/// old token replayed by a cache cannot undo a revocation; no province's list can take another's
/// place, since each is held under the province it was fetched from and verified for. Bounded: at
/// most <see cref="Capacity"/> lists; an offer evicts what has expired and then, if still full, the
/// list that expires first.
/// </summary>
public sealed class StatusListCollection(int capacity = StatusListCollection.DefaultCapacity) : IStatusSource
{
    /// <summary>Default bound: a province of 100 million licences has under 800 lists; ten thousand covers a dozen such provinces.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<(string Province, string Name), VerifiedStatusList> lists = new();
    private readonly Lock evicting = new();

    /// <summary>The most lists held.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>How many lists are held.</summary>
    public int Count => lists.Count;

    /// <summary>
    /// Adds a verified token; returns false (and keeps the held one) when it is older, or of the same
    /// second with the same content — unless the held one's signer is no longer admitted by
    /// <paramref name="trust"/> (revoked since): then the verified token replaces it, as when a province
    /// re-signs at once after a key change. A token of the same second with other content replaces it too.
    /// </summary>
    /// <param name="list">The verified token.</param>
    /// <param name="now">Now, for evicting expired lists.</param>
    /// <param name="trust">The trust the token was verified with; null to compare dates only.</param>
    public bool Offer(VerifiedStatusList list, DateTimeOffset now, Trust.TrustMaterial? trust = null)
    {
        var key = (list.Province, list.Token.Subject);
        while (true)
        {
            if (!lists.TryGetValue(key, out var held))
            {
                MakeRoom(now);
                if (lists.TryAdd(key, list))
                {
                    return true;
                }

                continue;
            }

            // iat has whole seconds and each replica signs its own tokens: two genuine tokens of one second (one before a
            // revocation, one after) differ in content, and the one just fetched is what the province serves now.
            if (list.Token.IssuedAt < held.Token.IssuedAt
                || (list.Token.IssuedAt == held.Token.IssuedAt && list.Token.List.AsBytes().SequenceEqual(held.Token.List.AsBytes())
                    && (trust is null || IsAdmitted(held, trust))))
            {
                return false;
            }

            if (lists.TryUpdate(key, list, held))
            {
                return true;
            }
        }
    }

    /// <summary>The list held for a province and name, if any.</summary>
    public VerifiedStatusList? Get(string province, string name) => lists.GetValueOrDefault((province, name));

    public StatusEvidence? Find(string province, StatusReference reference)
        => lists.TryGetValue((province, reference.List), out var held) && held.Token.List.Contains(reference.Index)
            ? new StatusEvidence(held.Token.List[reference.Index], held.Token.IssuedAt, held.Token.ExpiresAt, held.SignerCertificate, held.SignerKid)
            : null;

    private static bool IsAdmitted(VerifiedStatusList held, Trust.TrustMaterial trust) =>
        Trust.SignerAdmission.Check(trust, held.SignerCertificate, Trust.SignedKind.StatusList, held.Token.IssuedAt, held.Province, held.SignerKid) is null;

    private void MakeRoom(DateTimeOffset now)
    {
        if (lists.Count < Capacity)
        {
            return;
        }

        lock (evicting)
        {
            foreach (var (key, held) in lists)
            {
                if (held.Token.ExpiresAt < now)
                {
                    lists.TryRemove(key, out _);
                }
            }

            while (lists.Count >= Capacity && lists.OrderBy(e => e.Value.Token.ExpiresAt).Select(e => e.Key).FirstOrDefault() is { Province: not null } first)
            {
                lists.TryRemove(first, out _);
            }
        }
    }
}
