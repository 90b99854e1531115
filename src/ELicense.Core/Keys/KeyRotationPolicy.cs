using ELicense.Core.Crypto;
using ELicense.Core.Trust;

namespace ELicense.Core.Keys;

/// <summary>
/// The key lifecycle of DESIGN §7 as pure functions of (keys, now, options) — no store, no clock,
/// no lock (STYLE 11). The layer around them stores keys, takes the rotation lock and makes the
/// key pair when <see cref="IsRotationRequired"/> says so, then applies <see cref="Plan"/>.
/// </summary>
public static class KeyRotationPolicy
{
    /// <summary>The key that signs now for a family: the active one; null when there is none yet.</summary>
    public static ManagedKey? SigningKey(IEnumerable<ManagedKey> keys, KeyFamily family) =>
        keys.Where(k => k.Family == family && k.State == SignerState.Active).OrderByDescending(k => k.ActivatedAt).FirstOrDefault();

    /// <summary>
    /// Whether a new key must be made now: no key is active or pending, or the active key's signing
    /// period ends within the propagation time and no successor is pending. A key made now becomes
    /// usable after the propagation time, just as the active one is due to be replaced.
    /// </summary>
    public static bool IsRotationRequired(IEnumerable<ManagedKey> keys, KeyFamily family, DateTimeOffset now, KeyLifecycleOptions options)
    {
        var own = keys.Where(k => k.Family == family).ToList();
        if (own.Any(k => k.State == SignerState.Pending))
        {
            return false;
        }

        var active = SigningKey(own, family);
        return active is null || active.ActivatedAt!.Value + options.RotationInterval - options.PropagationTime <= now;
    }

    /// <summary>
    /// The transitions due now: a pending key published for the propagation time becomes active when
    /// no key is active or the active one is due (the old active key retires at the same instant, so
    /// exactly one signs); a retired key leaves the trust list once nothing it signed can still be
    /// valid; a revoked key leaves once its certificate has expired (until then verifiers must see
    /// the revocation).
    /// </summary>
    public static IReadOnlyList<KeyTransition> Plan(IEnumerable<ManagedKey> keys, DateTimeOffset now, KeyLifecycleOptions options)
    {
        var transitions = new List<KeyTransition>();
        foreach (var family in keys.Select(k => k.Family).Distinct())
        {
            var own = keys.Where(k => k.Family == family).ToList();
            var active = SigningKey(own, family);
            var ready = own.Where(k => k.State == SignerState.Pending && k.CreatedAt + options.PropagationTime <= now)
                .OrderBy(k => k.CreatedAt).FirstOrDefault();
            var activeDue = active is null || active.ActivatedAt!.Value + options.RotationInterval <= now;
            if (ready is not null && activeDue)
            {
                if (active is not null)
                {
                    transitions.Add(new KeyTransition(active.Kid, SignerState.Retired, $"succeeded by {ready.Kid} after the rotation interval"));
                }

                transitions.Add(new KeyTransition(ready.Kid, SignerState.Active, "published for the propagation time"));
            }

            foreach (var key in own)
            {
                if (key.State == SignerState.Retired && key.RetiredAt is { } retired
                    && retired + options.LongestLicenceValidity + options.RetentionAfterLastValidity <= now)
                {
                    transitions.Add(new KeyTransition(key.Kid, null, "nothing it signed can still be valid"));
                }
                else if (key.State == SignerState.Revoked && key.Certificate.NotAfter <= now)
                {
                    transitions.Add(new KeyTransition(key.Kid, null, "revoked and its certificate has expired"));
                }
            }
        }

        return transitions;
    }

    /// <summary>The keys a trust list publishes now: every key not yet removed, in every state.</summary>
    public static IReadOnlyList<ManagedKey> Published(IEnumerable<ManagedKey> keys, DateTimeOffset now, KeyLifecycleOptions options)
    {
        var removed = Plan(keys, now, options).Where(t => t.To is null).Select(t => t.Kid).ToHashSet(StringComparer.Ordinal);
        return [.. keys.Where(k => !removed.Contains(k.Kid))];
    }

    /// <summary>
    /// The validity a new key's DS certificate needs (DESIGN §3): from now through its propagation and
    /// signing period, plus the longest validity of what it signs, plus the retention margin.
    /// </summary>
    public static ValidityWindow CertificateValidity(DateTimeOffset now, KeyLifecycleOptions options) => new(
        now.AddMinutes(-5),
        now + options.PropagationTime + options.RotationInterval + options.LongestLicenceValidity + options.RetentionAfterLastValidity);
}
