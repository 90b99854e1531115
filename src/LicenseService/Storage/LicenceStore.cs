using System.Security.Cryptography;
using System.Text;
using ELicense.Core.Identifiers;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Licences in the store. A licence exists exactly when its record does: the record is written
/// with one SET NX, so a write either happened whole or not at all, and two racing writers of one
/// identifier (a retried request) end with one record. On a cluster the indexes live on other
/// nodes than the record and may miss an entry when a node fails mid-write; every replay of the
/// write (<see cref="RepairAsync"/>, called for each licence a retry finds) and <c>store check</c>
/// put it back, and readers skip index entries whose record never came to be. Nothing is answered
/// before the writes reached the replicas the configuration asks for (<see cref="StoreConnection.ReplicatedAsync(IEnumerable{RedisKey}, IReadOnlyCollection{RedisKey})"/>).
///
/// Key scheme (one hash slot per key, no multi-key command; no personal data in any key):
/// <c>elicense:{region}:licence:{{identifier}}</c> — the record, sealed (<see cref="RecordCipher"/>);
/// <c>elicense:{region}:holders:{{bucket}}</c> — the holder index: one hash per 5 hex digits of the
/// holder key (2^20 buckets, ~95 entries each at 100 M licences, within Redis's compact listpack
/// encoding), field = holder key (16 bytes) ‖ serial.version ‖ 4 bytes of the identifier's SHA-256, value = type code.authority code — the
/// identifier rebuilt from both parts, every part under Redis's 64-byte listpack limit;
/// <c>elicense:{region}:holder:{{holder key}}</c> — the holder set of earlier versions, still read, moved into the buckets by <c>store check --repair</c>;
/// <c>elicense:{region}:signed:{{kid}:{yyyyMMddHH}}</c> — a set of the identifiers one key signed in one UTC hour,
/// so that a compromise re-issues exactly what the key signed from the compromise time without a scan of the store.
/// </summary>
public sealed partial class LicenceStore(
    IDatabase database, string region, RecordCipher cipher, Func<IEnumerable<RedisKey>, IReadOnlyCollection<RedisKey>, Task>? replicated = null)
{
    /// <summary>Whether a licence's record exists (one EXISTS; nothing is decrypted).</summary>
    public Task<bool> ExistsAsync(string id) => database.KeyExistsAsync(LicenceKey(id));

    /// <summary>How records are sealed, for what rewrites them (<c>store check</c>).</summary>
    public RecordCipher Cipher => cipher;

    /// <summary>The record of a licence, or null.</summary>
    /// <exception cref="UnreadableRecordException">The stored value was not sealed by this province for this identifier.</exception>
    public async Task<LicenceRecord?> FindAsync(string id)
    {
        var value = await database.StringGetAsync(LicenceKey(id)).ConfigureAwait(false);
        return value.IsNull ? null : cipher.Open(id, (byte[])value!);
    }

    /// <summary>
    /// Stores records that do not exist yet, pipelined, with their index entries. Returns, per record,
    /// the one now in the store: the given record, or the earlier one with that identifier (whose
    /// index entries are then put back too, so that a write cut short by a node's failure is completed).
    /// </summary>
    public async Task<LicenceRecord[]> AddAsync(IReadOnlyList<LicenceRecord> records)
    {
        var batch = database.CreateBatch();
        var indexWrites = new Task[records.Count];
        var writes = new Task<bool>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            indexWrites[i] = IndexAsync(batch, records[i]);
            writes[i] = batch.StringSetAsync(LicenceKey(records[i].Id), cipher.Seal(records[i]), when: When.NotExists);
        }

        batch.Execute();
        await Task.WhenAll(indexWrites).ConfigureAwait(false);
        await Task.WhenAll(writes).ConfigureAwait(false);

        var stored = new LicenceRecord[records.Count];
        var earlier = new List<LicenceRecord>();
        for (var i = 0; i < records.Count; i++)
        {
            stored[i] = writes[i].Result ? records[i] : await FindAsync(records[i].Id).ConfigureAwait(false) ?? records[i];
            if (!ReferenceEquals(stored[i], records[i]))
            {
                earlier.Add(stored[i]);
            }
        }

        if (earlier.Count > 0)
        {
            await IndexAllAsync(earlier).ConfigureAwait(false);
        }

        await ReplicatedAsync(records.SelectMany(Keys).Concat(earlier.SelectMany(Keys)),
            [.. records.Where((r, i) => writes[i].Result).Select(r => LicenceKey(r.Id))]).ConfigureAwait(false);
        return stored;
    }

    /// <summary>
    /// Puts back the index entries of licences that are stored (idempotent), and waits for the
    /// replicas as a first write would: what a retry answers is then as durable as a first answer.
    /// </summary>
    public async Task RepairAsync(IReadOnlyCollection<LicenceRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        await IndexAllAsync(records).ConfigureAwait(false);
        await ReplicatedAsync(records.SelectMany(Keys)).ConfigureAwait(false);
    }

    private async Task IndexAllAsync(IReadOnlyCollection<LicenceRecord> records)
    {
        var batch = database.CreateBatch();
        var writes = records.Select(r => IndexAsync(batch, r)).ToArray();
        batch.Execute();
        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    /// <summary>The index writes of one record, queued on <paramref name="batch"/>.</summary>
    private Task IndexAsync(IBatch batch, LicenceRecord record)
    {
        var (field, value) = HolderEntry(record.HolderKey, record.Id);
        var holder = batch.HashSetAsync(HoldersKey(record.HolderKey), field, value);
        return record.SignedBy is { } kid ? Task.WhenAll(holder, batch.SetAddAsync(SignedKey(kid, record.IssuedAt), record.Id)) : holder;
    }

    /// <summary>Every key a record's write touches.</summary>
    private IEnumerable<RedisKey> Keys(LicenceRecord record)
    {
        yield return LicenceKey(record.Id);
        yield return HoldersKey(record.HolderKey);
        if (record.SignedBy is { } kid)
        {
            yield return SignedKey(kid, record.IssuedAt);
        }
    }

    private Task ReplicatedAsync(IEnumerable<RedisKey> keys, IReadOnlyCollection<RedisKey>? created = null) =>
        replicated?.Invoke(keys, created ?? []) ?? Task.CompletedTask;

    /// <summary>
    /// The newest version of a licence: the record, or the one its re-issue chain leads to. A link is
    /// followed only to a record that names this one as its predecessor, of the same type and holder
    /// (a link planted in the store leads nowhere else), and at most <see cref="MaxVersions"/> times.
    /// </summary>
    public async Task<LicenceRecord?> FindNewestAsync(string id)
    {
        var record = await FindAsync(id).ConfigureAwait(false);
        // The link is in the old record, so an older copy of it written back (by whoever can write to the store) would hide the
        // successor; the next version's identifier is known, so it is looked for even without the link.
        for (var hops = 0; record is not null && (record.SupersededBy ?? NextVersion(record.Id)) is { } next && hops < MaxVersions; hops++)
        {
            LicenceRecord? successor;
            try
            {
                successor = await FindAsync(next).ConfigureAwait(false);
            }
            catch (Exception e) when (record.SupersededBy is null && StoreFailures.IsStoreFailure(e))
            {
                // Looked for without a link, on another node that is down: the record itself is still the answer.
                break;
            }

            if (successor is null || !IsSuccessor(record, successor))
            {
                break;
            }

            record = successor;
        }

        return record;
    }

    /// <summary>The identifier of the version after <paramref name="id"/> (GB/T 36904: the same serial, the version plus one); null past 999.</summary>
    private static string? NextVersion(string id) =>
        LicenceIdentifier.TryParse(id, out var identifier, out _) && int.TryParse(identifier.Version, System.Globalization.CultureInfo.InvariantCulture, out var version) && version < 999
            ? LicenceIdentifier.Create(identifier.TypeCode, identifier.AuthorityCode, identifier.Serial, version + 1).ToString()
            : null;

    /// <summary>Whether <paramref name="next"/> is a version after <paramref name="previous"/>: it names it, same type and holder.</summary>
    public static bool IsSuccessor(LicenceRecord previous, LicenceRecord next) =>
        next.Supersedes == previous.Id && next.Type == previous.Type && next.HolderKey == previous.HolderKey;

    /// <summary>
    /// Stores <paramref name="next"/> as the version after <paramref name="previous"/>, idempotently:
    /// the new record is written once (SET NX, so two runners write one), then the holder and signer
    /// indexes, then the old record's link. A crash between the steps is completed by running it
    /// again. Returns true when this call created the new record, false when it existed already as
    /// that successor, null when something else holds the identifier (nothing is linked then).
    /// </summary>
    public async Task<bool?> SupersedeAsync(LicenceRecord previous, LicenceRecord next)
    {
        var created = await database.StringSetAsync(LicenceKey(next.Id), cipher.Seal(next), when: When.NotExists).ConfigureAwait(false);
        if (!created && (await FindAsync(next.Id).ConfigureAwait(false) is not { } existing || !IsSuccessor(previous, existing)))
        {
            return null;
        }

        var batch = database.CreateBatch();
        var writes = new List<Task>
        {
            IndexAsync(batch, next),
            batch.StringSetAsync(LicenceKey(previous.Id), cipher.Seal(previous with { SupersededBy = next.Id }), when: When.Exists),
        };
        batch.Execute();
        await Task.WhenAll(writes).ConfigureAwait(false);
        await ReplicatedAsync([.. Keys(next), LicenceKey(previous.Id)], created ? [LicenceKey(next.Id)] : null).ConfigureAwait(false);
        return created;
    }

    /// <summary>One page of the identifiers a key signed in the UTC hour of <paramref name="hour"/>, from <paramref name="cursor"/> (0 = start); the next cursor is 0 at the end.</summary>
    public async Task<(long Cursor, IReadOnlyList<string> Ids)> SignedPageAsync(string kid, DateTimeOffset hour, long cursor, int pageSize)
    {
        var reply = (RedisResult[])(await database.ExecuteAsync("SSCAN", SignedKey(kid, hour), cursor, "COUNT", pageSize).ConfigureAwait(false))!;
        var next = long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
        return (next, [.. ((RedisResult[])reply[1]!).Select(r => (string)r!)]);
    }

    /// <summary>How many identifiers a key signed in one UTC hour (an upper bound of what a re-issue of that hour handles).</summary>
    public Task<long> SignedCountAsync(string kid, DateTimeOffset hour) => database.SetLengthAsync(SignedKey(kid, hour));

    /// <summary>The holder set of earlier versions (read beside the bucket; <c>store check --repair</c> moves it).</summary>
    internal RedisKey LegacyHolderKey(string holderKey) => $"elicense:{region}:holder:{{{holderKey}}}";

    /// <summary>The key of a licence's record.</summary>
    public RedisKey LicenceKey(string id) => $"elicense:{region}:licence:{{{id}}}";

    /// <summary>The pattern of every record key, for a scan.</summary>
    public string LicenceKeyPattern => $"elicense:{region}:licence:*";

    /// <summary>The identifier in a record key.</summary>
    public string IdOfKey(RedisKey key)
    {
        var text = (string)key!;
        var start = text.IndexOf('{') + 1;
        return text[start..^1];
    }

    /// <summary>The most versions a licence may have (GB/T 36904's version is three digits; re-issues are rare).</summary>
    public const int MaxVersions = 16;

    private RedisKey SignedKey(string kid, DateTimeOffset at) => $"elicense:{region}:signed:{{{kid}:{at.UtcDateTime:yyyyMMddHH}}}";

    /// <summary>The holder-index bucket of a holder key.</summary>
    public RedisKey HoldersKey(string holderKey) => $"elicense:{region}:holders:{{{holderKey[..5]}}}";
}
