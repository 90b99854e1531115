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
    /// Whether a new key must be made now: none is pending, and none is active or the active key's
    /// signing period ends within the propagation time. A key made now is published for the
    /// propagation time and takes over just as the active one is due (<see cref="ActivationTime"/>).
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
    /// When a key made now is to start signing. When nothing signs (the first key of a province, or
    /// after the active key was revoked) at once: a key verifiers have not fetched yet is better than
    /// no licences at all. Otherwise after the propagation time, and not before the active key is due
    /// — unless <paramref name="requested"/> asks for another instant, which may not fall inside the
    /// propagation time nor postpone the active key's retirement past its rotation interval (its DS
    /// certificate was sized for that).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requested"/> is earlier than the propagation time allows.</exception>
    public static DateTimeOffset ActivationTime(
        IEnumerable<ManagedKey> keys, KeyFamily family, DateTimeOffset now, KeyLifecycleOptions options, DateTimeOffset? requested = null)
    {
        var active = SigningKey(keys, family);
        if (active is null)
        {
            return requested ?? now;
        }

        var earliest = now + options.PropagationTime;
        var due = active.ActivatedAt!.Value + options.RotationInterval;
        var latest = due > earliest ? due : earliest;
        if (requested is { } at)
        {
            return at >= earliest && at <= latest ? at : throw new ArgumentOutOfRangeException(nameof(requested), at,
                $"A new key must be published for the propagation time ({options.PropagationTime}) before it signs, and the active key may not sign past its rotation interval: the activation must lie between {earliest:O} and {latest:O}.");
        }

        return latest;
    }

    /// <summary>
    /// The transitions due now: a pending key whose activation time has come becomes active and the
    /// active key retires at the same instant, so exactly one signs; when no key is active at all, the
    /// earliest pending key takes over at once. A retired key leaves the trust list once nothing it
    /// signed can still be valid; a revoked key once its certificate has expired (until then
    /// verifiers must see the revocation).
    /// </summary>
    public static IReadOnlyList<KeyTransition> Plan(IEnumerable<ManagedKey> keys, DateTimeOffset now, KeyLifecycleOptions options)
    {
        var transitions = new List<KeyTransition>();
        foreach (var family in keys.Select(k => k.Family).Distinct())
        {
            var own = keys.Where(k => k.Family == family).ToList();
            var active = SigningKey(own, family);
            var pending = own.Where(k => k.State == SignerState.Pending).OrderBy(k => k.ActivateAt).FirstOrDefault();
            if (pending is not null && (active is null || pending.ActivateAt <= now))
            {
                if (active is not null)
                {
                    transitions.Add(new KeyTransition(active.Kid, SignerState.Retired, $"succeeded by {pending.Kid}"));
                }

                transitions.Add(new KeyTransition(pending.Kid, SignerState.Active,
                    active is null && pending.ActivateAt > now ? "no key was signing" : "its activation time has come"));
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
    /// The validity a new key's DS certificate needs (DESIGN §3): from now through its wait until
    /// activation and its signing period, plus the longest validity of what it signs, plus the
    /// retention margin. It starts five minutes back, for verifiers whose clocks run behind.
    /// </summary>
    public static ValidityWindow CertificateValidity(DateTimeOffset now, DateTimeOffset activateAt, KeyLifecycleOptions options) => new(
        now.AddMinutes(-5),
        (activateAt > now ? activateAt : now) + options.RotationInterval + options.LongestLicenceValidity + options.RetentionAfterLastValidity);
}
