using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The province's signing keys, their change counter, the rotation lock and the key audit log, all
/// on one hash slot so that a change is one Lua script: compare the counter, write the records,
/// bump the counter, append the audit records — all or nothing. A writer that read an older counter
/// changes nothing and re-reads (optimistic concurrency); the lock only spares replicas the cost
/// of making a key pair and a certificate that would lose the race.
///
/// Key scheme (hash tag <c>keys-{region}</c>):
/// <c>elicense:{region}:keys:{keys-{region}}</c> — hash, kid → <see cref="StoredKey"/> JSON (private key encrypted);
/// <c>elicense:{region}:keys-sequence:{keys-{region}}</c> — counter of changes, the trust list's sequence number;
/// <c>elicense:{region}:keys-lock:{keys-{region}}</c> — rotation lock (SET NX PX, owner token);
/// <c>elicense:{region}:key-audit:{keys-{region}}</c> — Redis list of <see cref="KeyAuditRecord"/> JSON, oldest first;
/// channel <c>elicense:{region}:keys-changed</c> — the new sequence, published after every commit, so that every
/// replica loads a change (a revocation above all) within a second instead of at its next maintenance round.
/// </summary>
public sealed class KeyStore(IDatabase database, string region, KeyRecordSeal seal, KeyVault vault, ILogger<KeyStore> logger) : ISigningKeyStore
{
    private const string ReadScript = """
        local sequence = redis.call('GET', KEYS[2])
        return {sequence or '0', redis.call('HGETALL', KEYS[1])}
        """;

    // ARGV: expected sequence, number of writes, then (field, value) pairs — an empty value deletes —, then audit records.
    private const string CommitScript = """
        local current = tonumber(redis.call('GET', KEYS[2]) or '0')
        if current ~= tonumber(ARGV[1]) then
          return -1
        end
        local writes = tonumber(ARGV[2])
        for i = 0, writes - 1 do
          local field = ARGV[3 + 2 * i]
          local value = ARGV[4 + 2 * i]
          if value == '' then
            redis.call('HDEL', KEYS[1], field)
          else
            redis.call('HSET', KEYS[1], field, value)
          end
        end
        for i = 3 + 2 * writes, #ARGV do
          redis.call('RPUSH', KEYS[3], ARGV[i])
        end
        return redis.call('INCR', KEYS[2])
        """;

    /// <summary>Deletes KEYS[1] only if it holds ARGV[1]: releases a lock or lease this owner still holds.</summary>
    internal const string UnlockScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly string tag = $"{{keys-{region}}}";

    /// <summary>
    /// Every key and the change counter, read at one instant. A record this service did not write as
    /// it stands — not a key record, not protected, another format version, filed under another kid,
    /// a second record of one kid, no valid seal, or a key the revocation ledger says is revoked shown
    /// as anything else — is left out and named in <see cref="KeySnapshot.Ignored"/>: it changes
    /// nothing the service signs or publishes, and it does not stop the service.
    /// </summary>
    public async Task<KeySnapshot> ReadAsync()
    {
        // Scripts on several keys are refused (TRYAGAIN) while their slot moves between masters; a refused script ran nothing.
        var reply = (RedisResult[])(await StoreFailures.RefusedAgainAsync(() => database.ScriptEvaluateAsync(ReadScript, [KeysKey, SequenceKey])).ConfigureAwait(false))!;
        var sequence = long.Parse((string)reply[0]!, CultureInfo.InvariantCulture);
        var pairs = (RedisResult[])reply[1]!;
        var keys = new Dictionary<string, StoredKey>(pairs.Length / 2, StringComparer.Ordinal);
        var ignored = new List<string>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            var field = (string)pairs[i]!;
            var why = Admit(field, (string?)pairs[i + 1], out var key);
            if (why is null && keys.ContainsKey(key!.Kid))
            {
                why = "a second record of the same kid";
            }

            if (why is not null)
            {
                var name = field.Length <= 32 ? field : field[..32];
                logger.LogError("Key record '{Field}' is ignored: {Why}", name, why);
                ignored.Add($"{name}: {why}");
                continue;
            }

            keys[key!.Kid] = vault.Resolved(key);
        }

        return new KeySnapshot(sequence, [.. keys.Values]) { Ignored = ignored };
    }

    /// <summary>Why a stored value is not taken as the key record of <paramref name="field"/>, or null when it is.</summary>
    private string? Admit(string field, string? value, out StoredKey? key)
    {
        key = null;
        try
        {
            key = value is null ? null : JsonSerializer.Deserialize(value, StoreJsonContext.Default.StoredKey);
            if (key is null || key.Kid != field)
            {
                return "not a key record of this kid";
            }

            if (!key.Protected || key.Version != StoredKey.CurrentVersion)
            {
                return key.Protected ? $"format version {key.Version}, this service reads {StoredKey.CurrentVersion}" : "not protected";
            }

            if (!seal.Holds(key))
            {
                return "no valid seal of this service";
            }

            return vault.Revocation(key.Kid) is { } revoked && Core.Trust.RevocationFinality.Undoes(revoked.CompromisedAt, key.State, key.CompromisedAt)
                ? "the revocation ledger says this key is revoked; the record says otherwise (an older record put back)"
                : null;
        }
        catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException or NotSupportedException)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Writes records and removes others, if nobody changed the keys since <paramref name="expectedSequence"/>.
    /// Returns the new sequence, or null when another writer came first (re-read and decide again).
    /// </summary>
    public async Task<long?> TryCommitAsync(long expectedSequence, IReadOnlyList<StoredKey> writes, IReadOnlyList<string> removals, IReadOnlyList<KeyAuditRecord> audit)
    {
        var arguments = new List<RedisValue> { expectedSequence, writes.Count + removals.Count };
        foreach (var key in writes)
        {
            if (!key.Protected)
            {
                throw new InvalidOperationException("An unprotected private key is never written to the store.");
            }

            arguments.Add(key.Kid);
            arguments.Add(JsonSerializer.Serialize(seal.Sealed(vault.ToStore(key)), StoreJsonContext.Default.StoredKey));
        }

        foreach (var kid in removals)
        {
            arguments.Add(kid);
            arguments.Add("");
        }

        arguments.AddRange(audit.Select(a => (RedisValue)JsonSerializer.Serialize(a, StoreJsonContext.Default.KeyAuditRecord)));
        var result = (long)(await StoreFailures.RefusedAgainAsync(() => database.ScriptEvaluateAsync(CommitScript, [KeysKey, SequenceKey, AuditKey], [.. arguments])).ConfigureAwait(false));
        if (result < 0)
        {
            return null;
        }

        foreach (var kid in writes.Where(k => !k.HasPrivateKey).Select(k => k.Kid).Concat(removals).Where(_ => vault.HoldsEnvelopes))
        {
            vault.Erase(kid);
        }

        foreach (var revoked in writes.Where(k => k.State == Core.Trust.SignerState.Revoked))
        {
            vault.RecordRevocation(revoked.Kid, revoked.CompromisedAt);
        }

        // Best effort: a replica that misses the nudge still loads the change at its next maintenance round.
        await database.PublishAsync(ChangedChannel, result, CommandFlags.FireAndForget).ConfigureAwait(false);
        return result;
    }

    /// <summary>The change counter alone: one small read, to learn whether the loaded key set is still the newest.</summary>
    public async Task<long> SequenceAsync() => (long?)await database.StringGetAsync(SequenceKey).ConfigureAwait(false) ?? 0;

    /// <summary>Calls <paramref name="changed"/> with the new sequence whenever any replica commits a key change.</summary>
    public Task SubscribeAsync(Action<long> changed) =>
        database.Multiplexer.GetSubscriber().SubscribeAsync(ChangedChannel, (_, value) =>
        {
            if (value.TryParse(out long sequence))
            {
                changed(sequence);
            }
        });

    /// <summary>Takes the rotation lock for at most <paramref name="time"/>; false when another replica holds it.</summary>
    public Task<bool> TryLockAsync(string owner, TimeSpan time) => database.StringSetAsync(LockKey, owner, time, When.NotExists);

    /// <summary>Releases the lock if this owner still holds it.</summary>
    public Task UnlockAsync(string owner) => database.ScriptEvaluateAsync(UnlockScript, [LockKey], [owner]);

    /// <summary>The newest audit records, oldest first.</summary>
    public async Task<IReadOnlyList<KeyAuditRecord>> AuditAsync(int count) =>
        [.. (await database.ListRangeAsync(AuditKey, -count, -1).ConfigureAwait(false))
            .Select(v => JsonSerializer.Deserialize((string)v!, StoreJsonContext.Default.KeyAuditRecord)!)];

    private RedisChannel ChangedChannel => RedisChannel.Literal($"elicense:{region}:keys-changed");

    private RedisKey KeysKey => $"elicense:{region}:keys:{tag}";

    private RedisKey SequenceKey => $"elicense:{region}:keys-sequence:{tag}";

    private RedisKey LockKey => $"elicense:{region}:keys-lock:{tag}";

    private RedisKey AuditKey => $"elicense:{region}:key-audit:{tag}";
}
