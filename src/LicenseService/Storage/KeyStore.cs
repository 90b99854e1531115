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
/// <c>elicense:{region}:key-audit:{keys-{region}}</c> — Redis list of <see cref="KeyAuditRecord"/> JSON, oldest first.
/// </summary>
public sealed class KeyStore(IDatabase database, string region)
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

    private const string UnlockScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly string tag = $"{{keys-{region}}}";

    /// <summary>Every key and the change counter, read at one instant.</summary>
    public async Task<KeySnapshot> ReadAsync()
    {
        var reply = (RedisResult[])(await database.ScriptEvaluateAsync(ReadScript, [KeysKey, SequenceKey]).ConfigureAwait(false))!;
        var sequence = long.Parse((string)reply[0]!, CultureInfo.InvariantCulture);
        var pairs = (RedisResult[])reply[1]!;
        var keys = new List<StoredKey>(pairs.Length / 2);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            var key = JsonSerializer.Deserialize((string)pairs[i + 1]!, StoreJsonContext.Default.StoredKey)
                      ?? throw new InvalidOperationException($"Key record '{pairs[i]}' is empty.");
            if (!key.Protected || key.Version != StoredKey.CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"Key record '{key.Kid}' is {(key.Protected ? $"of format version {key.Version}" : "not protected")}; this service reads only protected records of version {StoredKey.CurrentVersion}.");
            }

            keys.Add(key);
        }

        return new KeySnapshot(sequence, keys);
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
            arguments.Add(JsonSerializer.Serialize(key, StoreJsonContext.Default.StoredKey));
        }

        foreach (var kid in removals)
        {
            arguments.Add(kid);
            arguments.Add("");
        }

        arguments.AddRange(audit.Select(a => (RedisValue)JsonSerializer.Serialize(a, StoreJsonContext.Default.KeyAuditRecord)));
        var result = (long)(await database.ScriptEvaluateAsync(CommitScript, [KeysKey, SequenceKey, AuditKey], [.. arguments]).ConfigureAwait(false));
        return result < 0 ? null : result;
    }

    /// <summary>Takes the rotation lock for at most <paramref name="time"/>; false when another replica holds it.</summary>
    public Task<bool> TryLockAsync(string owner, TimeSpan time) => database.StringSetAsync(LockKey, owner, time, When.NotExists);

    /// <summary>Releases the lock if this owner still holds it.</summary>
    public Task UnlockAsync(string owner) => database.ScriptEvaluateAsync(UnlockScript, [LockKey], [owner]);

    /// <summary>The newest audit records, oldest first.</summary>
    public async Task<IReadOnlyList<KeyAuditRecord>> AuditAsync(int count) =>
        [.. (await database.ListRangeAsync(AuditKey, -count, -1).ConfigureAwait(false))
            .Select(v => JsonSerializer.Deserialize((string)v!, StoreJsonContext.Default.KeyAuditRecord)!)];

    private RedisKey KeysKey => $"elicense:{region}:keys:{tag}";

    private RedisKey SequenceKey => $"elicense:{region}:keys-sequence:{tag}";

    private RedisKey LockKey => $"elicense:{region}:keys-lock:{tag}";

    private RedisKey AuditKey => $"elicense:{region}:key-audit:{tag}";
}
