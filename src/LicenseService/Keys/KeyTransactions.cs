using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// How key changes reach the store: optimistic commits that are decided again on the newest key
/// set when another writer came first, and the rotation lock around the slow part (key pair and
/// certificate) so that replicas do not all make a key that would lose the race.
/// </summary>
public sealed class KeyTransactions(ISigningKeyStore store, TimeSpan lockTime)
{
    private const int MaxAttempts = 8;

    /// <summary>Reads, decides and commits until the commit lands on the snapshot it was decided on.</summary>
    /// <exception cref="KeyAdminException">Thrown by <paramref name="decide"/>; nothing is written then.</exception>
    public async Task CommitAsync(Func<KeySnapshot, KeyChange> decide)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var snapshot = await store.ReadAsync().ConfigureAwait(false);
            var change = decide(snapshot);
            if (change.IsEmpty || await store.TryCommitAsync(snapshot.Sequence, change.Writes, change.Removals, change.Audit).ConfigureAwait(false) is not null)
            {
                return;
            }
        }

        throw new InvalidOperationException($"The keys changed {MaxAttempts} times while a change was being made; giving up for now.");
    }

    /// <summary>Runs under the rotation lock; when another replica holds it, an on-demand request is told so and a scheduled one skips this round.</summary>
    public async Task<StoredKey?> UnderLockAsync(bool onDemand, Func<Task<StoredKey?>> action)
    {
        var owner = Guid.NewGuid().ToString("N");
        if (!await store.TryLockAsync(owner, lockTime).ConfigureAwait(false))
        {
            return onDemand
                ? throw new KeyAdminException(KeyAdminRefusal.Conflict, "rotation_running", "", "Another key change is in progress; try again in a minute.", "另一项密钥操作正在进行，请稍后重试。")
                : null;
        }

        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            await store.UnlockAsync(owner).ConfigureAwait(false);
        }
    }
}
