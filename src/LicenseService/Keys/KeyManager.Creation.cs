using ELicense.Core.Crypto;
using ELicense.Core.Keys;
using ELicense.Core.Trust;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Keys;

/// <summary>Making keys: document signers when the lifecycle or an administrator asks, and the trust-list signer.</summary>
public sealed partial class KeyManager
{
    /// <summary>
    /// Makes a document signer when the lifecycle needs one (or on demand) under the rotation lock:
    /// re-reads, decides, makes the key pair and its certificate, then commits it — with its
    /// activation when it signs at once. Returns null when no key was needed.
    /// </summary>
    private async Task<StoredKey?> CreateAsync(KeyFamily family, DateTimeOffset? requested, string by, bool onDemand, CancellationToken cancellationToken)
    {
        return await transactions.UnderLockAsync(onDemand, async () =>
        {
            var snapshot = await store.ReadAsync().ConfigureAwait(false);
            var keys = snapshot.DocumentSigners();
            var now = time.GetUtcNow();
            var pending = keys.FirstOrDefault(k => k.Family == family && k.State == SignerState.Pending);
            if (onDemand && pending is not null)
            {
                throw new KeyAdminException(KeyAdminRefusal.Conflict, "rotation_pending", "family",
                    $"Key '{pending.Kid}' of {family} is already pending and signs from {pending.ActivateAt:O}.", $"已有待启用的 {family} 密钥 {pending.Kid}，将于 {pending.ActivateAt:O} 启用。");
            }

            if (!onDemand && !KeyRotationPolicy.IsRotationRequired(keys, family, now, options.Lifecycle))
            {
                return null;
            }

            DateTimeOffset activateAt;
            try
            {
                // On demand without a time: as soon as the propagation time allows, not at the scheduled due date.
                var wanted = onDemand && KeyRotationPolicy.SigningKey(keys, family) is not null ? requested ?? now + options.PropagationTime : requested;
                activateAt = KeyRotationPolicy.ActivationTime(keys, family, now, options.Lifecycle, wanted);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new KeyAdminException(KeyAdminRefusal.Invalid, "activation_time", "activateAt", e.Message.Split(" (Parameter")[0],
                    $"新密钥须先发布至少 {options.PropagationTime} 再启用，且不得晚于当前密钥的轮换期限。");
            }

            var firstOfFamily = !snapshot.Keys.Any(k => k.Family == family && k.Purpose == SignerPurposeKind.DocumentSigner);
            var (made, how) = await factory.MakeDocumentSignerAsync(family, now, activateAt, firstOfFamily, cancellationToken).ConfigureAwait(false);
            StoredKey? committed = null;
            await transactions.CommitAsync(latest =>
            {
                // Another replica may have made a key meanwhile (its lock expired): then keep that one.
                var others = latest.DocumentSigners();
                if (others.Any(k => k.Family == family && k.State == SignerState.Pending)
                    || (!onDemand && !KeyRotationPolicy.IsRotationRequired(others, family, time.GetUtcNow(), options.Lifecycle)))
                {
                    return KeyChange.None;
                }

                var withNew = latest with { Keys = [.. latest.Keys, made] };
                var change = Transitions(withNew, by);
                committed = change.Writes.FirstOrDefault(w => w.Kid == made.Kid) ?? made;
                return change with
                {
                    Writes = [committed, .. change.Writes.Where(w => w.Kid != made.Kid)],
                    Audit = [new KeyAuditRecord(now, by, "created", made.Kid, family.ToString(), $"{how}; signs from {activateAt:O}"), .. change.Audit],
                };
            }).ConfigureAwait(false);
            if (committed is not null)
            {
                logger.LogInformation("Key {Kid} ({Family}) {How} by {By}; signs from {ActivateAt:O}", made.Kid, family, how, by, activateAt);
            }

            return committed;
        }).ConfigureAwait(false);
    }

    /// <summary>Makes or renews the trust-list signer when none exists or a sixth of its validity is left.</summary>
    private bool ListSignerNeeded(KeySnapshot snapshot, DateTimeOffset now)
    {
        var newest = snapshot.Keys.Where(k => k.Purpose == SignerPurposeKind.TrustListSigner).MaxBy(k => k.CreatedAt);
        return newest is null || newest.NotAfter - now < options.ListSignerValidity / 6;
    }

    private async Task MakeListSignerAsync(CancellationToken cancellationToken)
    {
        await transactions.UnderLockAsync(false, async () =>
        {
            var now = time.GetUtcNow();
            var family = province.SigningAlgorithm;
            var made = await factory.MakeListSignerAsync(now, cancellationToken).ConfigureAwait(false);
            await transactions.CommitAsync(snapshot =>
            {
                if (!ListSignerNeeded(snapshot, now))
                {
                    return KeyChange.None;
                }

                var older = snapshot.Keys.Where(k => k.Purpose == SignerPurposeKind.TrustListSigner).Select(k => k.Kid).ToList();
                return new KeyChange([made], older,
                    [new KeyAuditRecord(now, "scheduler", "created", made.Kid, family.ToString(), "trust-list signer"),
                        .. older.Select(kid => new KeyAuditRecord(now, "scheduler", "removed", kid, family.ToString(), "trust-list signer replaced"))]);
            }).ConfigureAwait(false);
            return (StoredKey?)null;
        }).ConfigureAwait(false);
    }
}
