using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>
/// An in-memory <see cref="ISigningKeyStore"/> that records every call: the optimistic commit and the rotation lock
/// behave as <see cref="KeyStore"/>'s do, and a test can make another replica come first (<see cref="Interfere"/>) or
/// hold the lock (<see cref="LockedBy"/>).
/// </summary>
public sealed class RecordingKeyStore : ISigningKeyStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, StoredKey> keys = new(StringComparer.Ordinal);
    private readonly List<KeyAuditRecord> audit = [];
    private readonly List<Action<long>> listeners = [];
    private long sequence;

    /// <summary>Every call, in order: "read", "commit 3 → 4", "commit 3 refused", "lock taken", "lock refused", "unlock".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Runs before each commit is decided on: a change another replica commits in between.</summary>
    public Func<int, bool>? Interfere { get; set; }

    /// <summary>The owner of the rotation lock, if any.</summary>
    public string? LockedBy { get; set; }

    public long Sequence { get { lock (gate) { return sequence; } } }

    public IReadOnlyList<KeyAuditRecord> Audit { get { lock (gate) { return [.. audit]; } } }

    /// <summary>When set, a commit seals each record and a read leaves out (in <see cref="KeySnapshot.Ignored"/>) one whose seal does not hold, as <see cref="KeyStore"/> does.</summary>
    public KeyRecordSeal? Seals { get; init; }

    private int commits;

    public Task<KeySnapshot> ReadAsync()
    {
        lock (gate)
        {
            Calls.Add("read");
            var held = keys.Values.Where(k => Seals?.Holds(k) ?? true).ToList();
            return Task.FromResult(new KeySnapshot(sequence, held) { Ignored = [.. keys.Values.Except(held).Select(k => $"{k.Kid}: no valid seal of this service")] });
        }
    }

    public Task<long?> TryCommitAsync(long expectedSequence, IReadOnlyList<StoredKey> writes, IReadOnlyList<string> removals, IReadOnlyList<KeyAuditRecord> records)
    {
        Action<long>[] notify;
        lock (gate)
        {
            if (Interfere?.Invoke(commits++) == true)
            {
                sequence++;
            }

            if (expectedSequence != sequence)
            {
                Calls.Add($"commit {expectedSequence} refused");
                return Task.FromResult<long?>(null);
            }

            if (writes.Any(w => !w.Protected))
            {
                throw new InvalidOperationException("An unprotected private key is never written to the store.");
            }

            foreach (var key in writes)
            {
                keys[key.Kid] = Seals?.Sealed(key) ?? key;
            }

            foreach (var kid in removals)
            {
                keys.Remove(kid);
            }

            audit.AddRange(records);
            sequence++;
            Calls.Add($"commit {expectedSequence} → {sequence}");
            notify = [.. listeners];
        }

        foreach (var listener in notify)
        {
            listener(Sequence);
        }

        return Task.FromResult<long?>(Sequence);
    }

    public Task<long> SequenceAsync() => Task.FromResult(Sequence);

    /// <summary>What someone with write access to the store does behind the service: puts a record as it is (no seal made), as a new key set.</summary>
    public void Put(StoredKey record)
    {
        Action<long>[] notify;
        lock (gate)
        {
            keys[record.Kid] = record;
            sequence++;
            Calls.Add($"put {record.Kid}");
            notify = [.. listeners];
        }

        foreach (var listener in notify)
        {
            listener(Sequence);
        }
    }

    public Task SubscribeAsync(Action<long> changed)
    {
        lock (gate)
        {
            listeners.Add(changed);
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryLockAsync(string owner, TimeSpan time)
    {
        lock (gate)
        {
            Calls.Add("lock " + (LockedBy is null ? "taken" : "refused"));
            if (LockedBy is not null)
            {
                return Task.FromResult(false);
            }

            LockedBy = owner;
            return Task.FromResult(true);
        }
    }

    public Task UnlockAsync(string owner)
    {
        lock (gate)
        {
            Calls.Add("unlock");
            if (LockedBy == owner)
            {
                LockedBy = null;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<KeyAuditRecord>> AuditAsync(int count)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<KeyAuditRecord>>([.. audit.TakeLast(count)]);
        }
    }
}
