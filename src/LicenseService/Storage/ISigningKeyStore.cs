namespace ELicense.LicenseService.Storage;

/// <summary>
/// Where a province's signing keys live, as the key lifecycle sees it (the shape of Duende's <c>ISigningKeyStore</c>,
/// with the optimistic commit and the rotation lock two replicas need): <see cref="KeyStore"/> on Redis in the
/// service, a recording fake in the tests of the lifecycle.
/// </summary>
public interface ISigningKeyStore
{
    /// <summary>Every admitted key and the change counter, read at one instant.</summary>
    Task<KeySnapshot> ReadAsync();

    /// <summary>Writes and removes records with their audit records if the counter is still <paramref name="expectedSequence"/>; the new counter, or null when another writer came first.</summary>
    Task<long?> TryCommitAsync(long expectedSequence, IReadOnlyList<StoredKey> writes, IReadOnlyList<string> removals, IReadOnlyList<KeyAuditRecord> audit);

    /// <summary>The change counter alone.</summary>
    Task<long> SequenceAsync();

    /// <summary>Calls <paramref name="changed"/> with the new counter whenever any replica commits.</summary>
    Task SubscribeAsync(Action<long> changed);

    /// <summary>Takes the rotation lock for at most <paramref name="time"/>; false when another replica holds it.</summary>
    Task<bool> TryLockAsync(string owner, TimeSpan time);

    /// <summary>Releases the lock if <paramref name="owner"/> still holds it.</summary>
    Task UnlockAsync(string owner);

    /// <summary>The newest <paramref name="count"/> audit records, oldest first.</summary>
    Task<IReadOnlyList<KeyAuditRecord>> AuditAsync(int count);
}
