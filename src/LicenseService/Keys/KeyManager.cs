using System.Security.Cryptography;
using ELicense.Core.Crypto;
using ELicense.Core.Keys;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// The async layer around <see cref="KeyRotationPolicy"/>: reads the keys from the store, applies the
/// transitions the policy asks for, makes new keys under the rotation lock, revokes on an
/// administrator's word and re-wraps keys after a KEK change — every change one optimistic commit
/// with its audit records (<see cref="KeyStore"/>). It also holds the decrypted active signers: a
/// private key is decrypted once, when its key becomes active here, and never logged or returned.
/// </summary>
public sealed class KeyManager
{
    private readonly KeyStore store;
    private readonly KeyTransactions transactions;
    private readonly KeyFactory factory;
    private readonly KeyProtector protector;
    private readonly KeyOptions options;
    private readonly ProvinceOptions province;
    private readonly TimeProvider time;
    private readonly ILogger<KeyManager> logger;
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private volatile LoadedKeys? current;

    public KeyManager(
        IssuanceStore issuance, KeyFactory factory, KeyProtector protector, IOptions<KeyOptions> options, IOptions<ProvinceOptions> province,
        TimeProvider time, ILogger<KeyManager> logger)
    {
        store = issuance.Keys;
        transactions = new KeyTransactions(store, options.Value.LockTime);
        this.factory = factory;
        this.protector = protector;
        this.options = options.Value;
        this.province = province.Value;
        this.time = time;
        this.logger = logger;
        Families = [.. new[] { this.province.SigningAlgorithm, this.province.PdfSignatureAlgorithm }.Distinct()];
    }

    /// <summary>The families this province signs with: the payload's and the PDF's.</summary>
    public IReadOnlyList<KeyFamily> Families { get; }

    /// <summary>The keys as last read from the store.</summary>
    /// <exception cref="InvalidOperationException">Before the first <see cref="MaintainAsync"/>.</exception>
    public KeySnapshot Snapshot => Loaded.Snapshot;

    /// <summary>The active document signer of a family.</summary>
    /// <exception cref="NoSigningKeyException">None is active right now (a replacement is on its way).</exception>
    public DocumentSigner Signer(KeyFamily family) => Loaded.Signers.TryGetValue(family, out var signer)
        ? signer
        : throw new NoSigningKeyException($"No {family} key is active for province {province.RegionCode}.");

    /// <summary>The signer of the province's trust list.</summary>
    public DocumentSigner ListSigner => Loaded.ListSigner ?? throw new InvalidOperationException("No trust-list signer has been made yet.");

    private LoadedKeys Loaded => current ?? throw new InvalidOperationException("The keys have not been loaded yet.");

    /// <summary>
    /// One round of the lifecycle, as every replica runs it on its timer and at start-up: apply due
    /// transitions and re-wraps, make a key where rotation is due (or the first one), make or renew
    /// the trust-list signer, and load the active signers. Replicas racing each other change the
    /// store once: the losers' commits fail and they re-read.
    /// </summary>
    public async Task MaintainAsync(CancellationToken cancellationToken = default)
    {
        // The steady state costs one read: everything below reads again only when it has work to do.
        var snapshot = await store.ReadAsync().ConfigureAwait(false);
        var now = time.GetUtcNow();
        var changed = false;
        if (!Transitions(snapshot, "scheduler").IsEmpty)
        {
            await transactions.CommitAsync(latest => Transitions(latest, "scheduler")).ConfigureAwait(false);
            changed = true;
        }

        foreach (var family in Families.Where(f => KeyRotationPolicy.IsRotationRequired(snapshot.DocumentSigners(), f, now, options.Lifecycle)))
        {
            await CreateAsync(family, null, "scheduler", onDemand: false, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        if (ListSignerNeeded(snapshot, now))
        {
            await MakeListSignerAsync(cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        await RefreshAsync(changed ? null : snapshot).ConfigureAwait(false);
    }

    /// <summary>Loads newly active signers from <paramref name="snapshot"/>, or from a fresh read of the store (after a change here or on another replica).</summary>
    public async Task RefreshAsync(KeySnapshot? snapshot = null)
    {
        snapshot ??= await store.ReadAsync().ConfigureAwait(false);
        await refreshGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var previous = current;
            if (previous is not null && previous.Snapshot.Sequence >= snapshot.Sequence)
            {
                return;
            }

            var signers = new Dictionary<KeyFamily, DocumentSigner>();
            foreach (var family in Families)
            {
                var active = KeyRotationPolicy.SigningKey(snapshot.DocumentSigners(), family);
                if (active is not null)
                {
                    signers[family] = Reuse(previous?.Signers.GetValueOrDefault(family), active.Kid) ?? factory.Decrypt(snapshot.Keys.Single(k => k.Kid == active.Kid));
                }
            }

            var list = snapshot.Keys.Where(k => k.Purpose == SignerPurposeKind.TrustListSigner).MaxBy(k => k.CreatedAt);
            var listSigner = list is null ? null : Reuse(previous?.ListSigner, list.Kid) ?? factory.Decrypt(list);
            current = new LoadedKeys(snapshot, signers, listSigner);
            foreach (var (family, signer) in signers)
            {
                if (previous?.Signers.GetValueOrDefault(family) != signer)
                {
                    logger.LogInformation("Signing {Family} with key {Kid} from key set {Sequence}", family, Kid.ToHex(signer.Kid), snapshot.Sequence);
                }
            }
        }
        finally
        {
            refreshGate.Release();
        }
    }

    /// <summary>
    /// Makes a new key of a family now (rotate on demand) or for a given activation time (schedule).
    /// It is published at once and signs from <paramref name="activateAt"/> (default: after the
    /// propagation time).
    /// </summary>
    /// <exception cref="KeyAdminException">A key of the family is already pending, another rotation is running, or the time is not allowed.</exception>
    public async Task<StoredKey> RotateAsync(KeyFamily family, DateTimeOffset? activateAt, string by, CancellationToken cancellationToken)
    {
        if (!Families.Contains(family))
        {
            throw new KeyAdminException(400, "family_unused", "family", $"Province {province.RegionCode} does not sign with {family}.", $"本省不使用 {family} 签名。");
        }

        var made = await CreateAsync(family, activateAt, by, onDemand: true, cancellationToken).ConfigureAwait(false)
                   ?? throw new KeyAdminException(409, "rotation_pending", "family", $"Another key of {family} was made meanwhile.", $"另一把 {family} 密钥刚刚生成。");
        await RefreshAsync().ConfigureAwait(false);
        return made;
    }

    /// <summary>
    /// Revokes a document signer: from <paramref name="compromisedAt"/> on (null: everything it
    /// signed) verifiers refuse what it signed. When it was the active key, a pending key takes over
    /// at once, or a new key is made and signs at once.
    /// </summary>
    /// <exception cref="KeyAdminException">Unknown kid, already revoked, or a compromise time in the future.</exception>
    public async Task<StoredKey> RevokeAsync(string kid, string reason, DateTimeOffset? compromisedAt, string by, CancellationToken cancellationToken)
    {
        StoredKey? revoked = null;
        await transactions.CommitAsync(snapshot =>
        {
            var now = time.GetUtcNow();
            var key = snapshot.Keys.FirstOrDefault(k => k.Kid == kid && k.Purpose == SignerPurposeKind.DocumentSigner)
                      ?? throw new KeyAdminException(404, "unknown_kid", "kid", $"No document-signer key '{kid}' exists.", $"不存在标识为 {kid} 的签名密钥。");
            if (key.State == SignerState.Revoked)
            {
                throw new KeyAdminException(409, "already_revoked", "kid", $"Key '{kid}' was already revoked at {key.RevokedAt:O}.", $"密钥 {kid} 已于 {key.RevokedAt:O} 吊销。");
            }

            if (compromisedAt > now)
            {
                throw new KeyAdminException(400, "future", "compromisedAt", "The compromise time lies in the future.", "泄露时间不能晚于当前时间。");
            }

            revoked = key with { State = SignerState.Revoked, RevokedAt = now, CompromisedAt = compromisedAt, RevocationReason = reason };
            var after = snapshot with { Keys = [.. snapshot.Keys.Select(k => k.Kid == kid ? revoked : k)] };
            var change = Transitions(after, by);
            return change with
            {
                Writes = [revoked, .. change.Writes.Where(w => w.Kid != kid)],
                Audit = [new KeyAuditRecord(now, by, "revoked", kid, key.Family.ToString(), reason, compromisedAt), .. change.Audit],
            };
        }).ConfigureAwait(false);

        logger.LogWarning("Key {Kid} revoked by {By}, compromise time {CompromisedAt}", kid, by, compromisedAt?.ToString("O") ?? "none stated (everything it signed)");
        await CreateAsync(revoked!.Family, null, by, onDemand: false, cancellationToken).ConfigureAwait(false);
        await RefreshAsync().ConfigureAwait(false);
        return revoked;
    }

    /// <summary>The newest key audit records, oldest first.</summary>
    public Task<IReadOnlyList<KeyAuditRecord>> AuditAsync(int count) => store.AuditAsync(count);

    /// <summary>Due transitions of the lifecycle and re-wraps under the current KEK, as one change.</summary>
    private KeyChange Transitions(KeySnapshot snapshot, string by)
    {
        var now = time.GetUtcNow();
        var writes = new Dictionary<string, StoredKey>(StringComparer.Ordinal);
        var removals = new List<string>();
        var audit = new List<KeyAuditRecord>();
        foreach (var transition in KeyRotationPolicy.Plan(snapshot.DocumentSigners(), now, options.Lifecycle))
        {
            var key = snapshot.Keys.Single(k => k.Kid == transition.Kid);
            if (transition.To is not { } state)
            {
                removals.Add(key.Kid);
                audit.Add(new KeyAuditRecord(now, by, "removed", key.Kid, key.Family.ToString(), transition.Why));
                continue;
            }

            writes[key.Kid] = state == SignerState.Active
                ? key with { State = state, ActivatedAt = now }
                : key with { State = state, RetiredAt = now };
            audit.Add(new KeyAuditRecord(now, by, state == SignerState.Active ? "activated" : "retired", key.Kid, key.Family.ToString(), transition.Why));
        }

        foreach (var key in snapshot.Keys.Where(k => !removals.Contains(k.Kid) && protector.NeedsRewrap(k.PrivateKey)))
        {
            var basis = writes.GetValueOrDefault(key.Kid) ?? key;
            writes[key.Kid] = basis with { PrivateKey = protector.Rewrap(key.PrivateKey, key.Kid) };
            audit.Add(new KeyAuditRecord(now, by, "rewrapped", key.Kid, key.Family.ToString(), $"under KEK {protector.CurrentKekId}"));
        }

        return new KeyChange([.. writes.Values], removals, audit);
    }

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
                throw new KeyAdminException(409, "rotation_pending", "family",
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
                throw new KeyAdminException(400, "activation_time", "activateAt", e.Message.Split(" (Parameter")[0],
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

    private static DocumentSigner? Reuse(DocumentSigner? loaded, string kid) => loaded is not null && Kid.ToHex(loaded.Kid) == kid ? loaded : null;

    /// <summary>The key set this process last loaded and the signers decrypted from it.</summary>
    private sealed record LoadedKeys(KeySnapshot Snapshot, IReadOnlyDictionary<KeyFamily, DocumentSigner> Signers, DocumentSigner? ListSigner);
}
