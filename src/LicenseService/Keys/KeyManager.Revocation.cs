using ELicense.Core.Trust;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Keys;

/// <summary>Revocation: the key is revoked, erased and replaced in one commit, and issuance can ask whether its signer was revoked meanwhile.</summary>
public sealed partial class KeyManager
{
    /// <summary>
    /// Revokes a document signer: from <paramref name="compromisedAt"/> on (null: everything it
    /// signed) verifiers refuse what it signed, and its private key is erased in the same commit.
    /// When it was the active key, a pending key takes over at once, or a replacement made before
    /// the commit signs at once — so this replica never signs with the revoked key after the commit,
    /// and it loads the new key set before answering. Other replicas hear of it through the store's
    /// change channel.
    /// </summary>
    /// <exception cref="KeyAdminException">Unknown kid, already revoked, or a compromise time in the future.</exception>
    public async Task<StoredKey> RevokeAsync(string kid, string reason, DateTimeOffset? compromisedAt, string by, CancellationToken cancellationToken)
    {
        var before = await store.ReadAsync().ConfigureAwait(false);
        var target = RevocationTarget(before, kid, compromisedAt);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        revoking[kid] = done;
        try
        {
            return await RevokeKnownAsync(target, reason, compromisedAt, by, before, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            revoking.TryRemove(kid, out _);
            done.SetResult();
        }
    }

    /// <summary>
    /// Whether the key that signed <paramref name="kid"/> has been revoked by now — waiting for a
    /// revocation in progress on this replica, and reading the key set's counter so that one
    /// committed on another replica counts at once. Issuance asks this after storing what it signed,
    /// so that no answer carries a licence of a key revoked before the answer.
    /// </summary>
    public async Task<bool> RevokedSinceAsync(byte[] kid)
    {
        var hex = Kid.ToHex(kid);
        if (revoking.TryGetValue(hex, out var pending))
        {
            await pending.Task.ConfigureAwait(false);
        }

        if (await store.SequenceAsync().ConfigureAwait(false) > Loaded.Snapshot.Sequence)
        {
            await RefreshAsync().ConfigureAwait(false);
        }

        return Loaded.Snapshot.Keys.Any(k => k.Kid == hex && k.State == SignerState.Revoked);
    }

    private async Task<StoredKey> RevokeKnownAsync(
        StoredKey target, string reason, DateTimeOffset? compromisedAt, string by, KeySnapshot before, CancellationToken cancellationToken)
    {
        var kid = target.Kid;
        var replacement = NeedsReplacement(before, target)
            ? (await factory.MakeDocumentSignerAsync(target.Family, time.GetUtcNow(), time.GetUtcNow(), false, cancellationToken).ConfigureAwait(false)).Key
            : null;
        StoredKey? revoked = null;
        await transactions.CommitAsync(snapshot =>
        {
            var now = time.GetUtcNow();
            var key = RevocationTarget(snapshot, kid, compromisedAt);
            revoked = (key with { State = SignerState.Revoked, RevokedAt = now, CompromisedAt = compromisedAt, RevocationReason = reason }).Erased(now);
            var keys = snapshot.Keys.Select(k => k.Kid == kid ? revoked : k).ToList();
            var added = replacement is not null && NeedsReplacement(snapshot, key) ? replacement : null;
            if (added is not null)
            {
                keys.Add(added);
            }

            var change = Transitions(snapshot with { Keys = keys }, by);
            List<KeyAuditRecord> audit = [new KeyAuditRecord(now, by, "revoked", kid, key.Family.ToString(), reason, compromisedAt),
                new KeyAuditRecord(now, by, "erased", kid, key.Family.ToString(), "private key erased (revoked); certificate kept")];
            if (added is not null)
            {
                audit.Add(new KeyAuditRecord(now, by, "created", added.Kid, key.Family.ToString(), $"made by revocation of {kid}; signs at once"));
            }

            return change with
            {
                Writes = [revoked, .. added is null || change.Writes.Any(w => w.Kid == added.Kid) ? [] : new[] { added }, .. change.Writes.Where(w => w.Kid != kid)],
                Audit = [.. audit, .. change.Audit.Where(a => a.Kid != kid || a.Action != "erased")],
            };
        }).ConfigureAwait(false);

        await RefreshAsync().ConfigureAwait(false);
        logger.LogWarning("Key {Kid} revoked by {By}, compromise time {CompromisedAt}", kid, by, compromisedAt?.ToString("O") ?? "none stated (everything it signed)");
        // Only when the replacement lost a race and nothing signs now: make one the usual way.
        await CreateAsync(revoked!.Family, null, by, onDemand: false, cancellationToken).ConfigureAwait(false);
        await RefreshAsync().ConfigureAwait(false);
        return revoked;
    }

    /// <summary>The key a revocation names, or why it cannot be revoked.</summary>
    private StoredKey RevocationTarget(KeySnapshot snapshot, string kid, DateTimeOffset? compromisedAt)
    {
        var key = snapshot.Keys.FirstOrDefault(k => k.Kid == kid && k.Purpose == SignerPurposeKind.DocumentSigner)
                  ?? throw new KeyAdminException(KeyAdminRefusal.UnknownKey, "unknown_kid", "kid", $"No document-signer key '{kid}' exists.", $"不存在标识为 {kid} 的签名密钥。");
        if (key.State == SignerState.Revoked)
        {
            throw new KeyAdminException(KeyAdminRefusal.Conflict, "already_revoked", "kid", $"Key '{kid}' was already revoked at {key.RevokedAt:O}.", $"密钥 {kid} 已于 {key.RevokedAt:O} 吊销。");
        }

        return compromisedAt > time.GetUtcNow()
            ? throw new KeyAdminException(KeyAdminRefusal.Invalid, "future", "compromisedAt", "The compromise time lies in the future.", "泄露时间不能晚于当前时间。")
            : key;
    }

    /// <summary>Whether revoking <paramref name="key"/> leaves its family without a signer: it signs now and no key of the family is pending.</summary>
    private static bool NeedsReplacement(KeySnapshot snapshot, StoredKey key) =>
        key.State == SignerState.Active && !snapshot.Keys.Any(k => k.Family == key.Family && k.Purpose == SignerPurposeKind.DocumentSigner && k.State == SignerState.Pending);
}
