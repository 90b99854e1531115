// Over 250 lines: the lifecycle rounds, the signer cache and the trust-list signer share one lock and one view of the key store; creation and revocation are apart (KeyManager.Creation.cs, KeyManager.Revocation.cs).
using System.Security.Cryptography;
using ELicense.Core.Crypto;
using ELicense.Core.Keys;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// The async layer around <see cref="KeyRotationPolicy"/>: reads the keys from the store, applies the
/// transitions the policy asks for, makes new keys under the rotation lock, revokes on an
/// administrator's word and re-wraps keys after a KEK change — every change one optimistic commit
/// with its audit records (<see cref="KeyStore"/>). It also holds the decrypted active signers: a
/// private key is decrypted once, when its key becomes active here, and never logged or returned.
/// One type over three files: this one (the round, loading, transitions), KeyManager.Creation.cs and
/// KeyManager.Revocation.cs.
/// </summary>
public sealed partial class KeyManager
{
    private readonly ISigningKeyStore store;
    private readonly KeyTransactions transactions;
    private readonly KeyFactory factory;
    private readonly KeyProtector protector;
    private readonly KeyOptions options;
    private readonly IKeyLifecycle lifecycle;
    private readonly ProvinceOptions province;
    private readonly TimeProvider time;
    private readonly ILogger<KeyManager> logger;
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> revoking = new(StringComparer.Ordinal);
    private volatile LoadedKeys? current;

    public KeyManager(
        ISigningKeyStore keyStore, KeyFactory factory, KeyProtector protector, IOptions<KeyOptions> options, IOptions<ProvinceOptions> province,
        IKeyLifecycle lifecycle, TimeProvider time, ILogger<KeyManager> logger)
    {
        this.lifecycle = lifecycle;
        store = keyStore;
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
        await lifecycle.RefreshAsync().ConfigureAwait(false);
        if (snapshot.Keys.Count == 0 && snapshot.Ignored.Count > 0)
        {
            // Not one record can be used (a KEK removed too early, say): making fresh keys over them would hide the fault.
            throw new InvalidOperationException("No key record in the store can be used: " + string.Join("; ", snapshot.Ignored));
        }

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

    /// <summary>
    /// Loads every key change another replica commits as soon as the store announces it (within a
    /// second: a revoked key stops signing here too), besides the maintenance round.
    /// </summary>
    public Task ListenAsync() => store.SubscribeAsync(sequence =>
    {
        if (current is { } loaded && loaded.Snapshot.Sequence >= sequence)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or InvalidOperationException or CryptographicException)
            {
                logger.LogWarning("Loading key set {Sequence} failed; the maintenance round retries: {Error}", sequence, e.Message);
            }
        });
    });

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

            // A revocation is final: a key set in which a key revoked before is no longer revoked, or was compromised later, was not written by this service.
            // (A revoked key that vanished is left to the trust list's rules: removal after its retention is normal.)
            if (previous?.Snapshot.Keys.FirstOrDefault(k => k.State == SignerState.Revoked
                    && snapshot.Keys.FirstOrDefault(n => n.Kid == k.Kid) is { } now && RevocationFinality.Undoes(k.CompromisedAt, now.State, now.CompromisedAt)) is { } undone)
            {
                logger.LogError("Key set {Sequence} shows key {Kid}, revoked before, as no longer revoked; it is not loaded", snapshot.Sequence, undone.Kid);
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
            if (previous is not null)
            {
                ForgetReplaced([.. previous.Signers.Values, previous.ListSigner], [.. signers.Values, listSigner]);
            }

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
            throw new KeyAdminException(KeyAdminRefusal.Invalid, "family_unused", "family", $"Province {province.RegionCode} does not sign with {family}.", $"本省不使用 {family} 签名。");
        }

        var made = await CreateAsync(family, activateAt, by, onDemand: true, cancellationToken).ConfigureAwait(false)
                   ?? throw new KeyAdminException(KeyAdminRefusal.Conflict, "rotation_pending", "family", $"Another key of {family} was made meanwhile.", $"另一把 {family} 密钥刚刚生成。");
        await RefreshAsync().ConfigureAwait(false);
        return made;
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
        foreach (var transition in KeyRotationPolicy.Plan(snapshot.DocumentSigners(), now, lifecycle.Lifecycle(options.Lifecycle)))
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

        foreach (var key in snapshot.Keys.Where(k => !removals.Contains(k.Kid)))
        {
            var basis = writes.GetValueOrDefault(key.Kid) ?? key;
            if (basis.PrivateKeyDue)
            {
                // A key that can no longer sign keeps only its certificate: a dump of the store plus the KEK must not sign again.
                writes[key.Kid] = basis.Erased(now);
                audit.Add(new KeyAuditRecord(now, by, "erased", key.Kid, key.Family.ToString(), $"private key erased ({basis.State.ToString().ToLowerInvariant()}); certificate kept"));
            }
            else if (basis.HasPrivateKey && protector.NeedsRewrap(basis.PrivateKey))
            {
                writes[key.Kid] = basis with { PrivateKey = protector.Rewrap(basis.PrivateKey, key.Kid) };
                audit.Add(new KeyAuditRecord(now, by, "rewrapped", key.Kid, key.Family.ToString(), $"under KEK {protector.CurrentKekId}"));
            }
            else if (basis.Seal is null || !basis.Seal.StartsWith(protector.CurrentKekId + ":", StringComparison.Ordinal))
            {
                // Written again, the record is sealed under the current KEK (an upgraded store, or after a KEK change).
                writes[key.Kid] = basis;
                audit.Add(new KeyAuditRecord(now, by, "sealed", key.Kid, key.Family.ToString(), $"record sealed under KEK {protector.CurrentKekId}"));
            }
        }

        return new KeyChange([.. writes.Values], removals, audit);
    }

    /// <summary>
    /// Disposes the decrypted keys that no longer sign here, once signing calls that read them just
    /// before the change have finished: a private key stays in memory no longer than needed.
    /// </summary>
    private void ForgetReplaced(IEnumerable<DocumentSigner?> before, IReadOnlyCollection<DocumentSigner?> now)
    {
        foreach (var old in before.OfType<DocumentSigner>().Where(o => !now.Contains(o)))
        {
            _ = Task.Delay(ReplacedKeyGrace, time).ContinueWith(_ => old.Key.Dispose(), TaskScheduler.Default);
        }
    }

    /// <summary>How long a replaced signer stays usable for a signature that began before the change.</summary>
    private static readonly TimeSpan ReplacedKeyGrace = TimeSpan.FromSeconds(30);

    private static DocumentSigner? Reuse(DocumentSigner? loaded, string kid) => loaded is not null && Kid.ToHex(loaded.Kid) == kid ? loaded : null;

    /// <summary>The key set this process last loaded and the signers decrypted from it.</summary>
    private sealed record LoadedKeys(KeySnapshot Snapshot, IReadOnlyDictionary<KeyFamily, DocumentSigner> Signers, DocumentSigner? ListSigner);
}
