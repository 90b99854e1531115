using System.Collections.Concurrent;

namespace ELicense.Core.Status;

/// <summary>
/// The verified status lists a host holds, by subject: the pipeline's <see cref="IStatusSource"/>.
/// A list replaces the one held for its subject only when it is newer, so an old token replayed
/// by a cache cannot undo a revocation.
/// </summary>
public sealed class StatusListCollection : IStatusSource
{
    private readonly ConcurrentDictionary<string, StatusListToken> lists = new(StringComparer.Ordinal);

    /// <summary>Adds a verified token; returns false (and keeps the held one) when it is not newer.</summary>
    public bool Offer(StatusListToken token)
    {
        while (true)
        {
            if (!lists.TryGetValue(token.Subject, out var held))
            {
                if (lists.TryAdd(token.Subject, token))
                {
                    return true;
                }

                continue;
            }

            if (token.IssuedAt <= held.IssuedAt)
            {
                return false;
            }

            if (lists.TryUpdate(token.Subject, token, held))
            {
                return true;
            }
        }
    }

    public StatusEvidence? Find(StatusReference reference)
        => lists.TryGetValue(reference.List, out var token) && token.List.Contains(reference.Index)
            ? new StatusEvidence(token.List[reference.Index], token.IssuedAt, token.ExpiresAt)
            : null;
}
