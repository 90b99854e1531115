using System.Text.Json;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Licences in the store. A licence exists exactly when its record does: the record is written
/// with one SET NX, so a write either happened whole or not at all, and two racing writers of one
/// identifier (a retried request) end with one record. The holder index is written first and may
/// name an identifier whose record never came to be; readers skip those.
///
/// Key scheme (one hash slot per key, no multi-key command):
/// <c>elicense:{region}:licence:{{identifier}}</c> — the record, JSON (<see cref="LicenceRecord"/>);
/// <c>elicense:{region}:holder:{{holder key}}</c> — a set of identifiers of one holder;
/// <c>elicense:{region}:signed:{{kid}:{yyyyMMddHH}}</c> — a set of the identifiers one key signed in one UTC hour,
/// so that a compromise re-issues exactly what the key signed from the compromise time without a scan of the store.
/// </summary>
public sealed class LicenceStore(IDatabase database, string region)
{
    /// <summary>The record of a licence, or null.</summary>
    public async Task<LicenceRecord?> FindAsync(string id)
    {
        var value = await database.StringGetAsync(LicenceKey(id)).ConfigureAwait(false);
        return value.IsNull ? null : Deserialize(value!);
    }

    /// <summary>
    /// Stores records that do not exist yet, pipelined. Returns, per record, the one now in the store:
    /// the given record, or the earlier one with that identifier.
    /// </summary>
    public async Task<LicenceRecord[]> AddAsync(IReadOnlyList<LicenceRecord> records)
    {
        var batch = database.CreateBatch();
        var indexWrites = new Task[records.Count];
        var writes = new Task<bool>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            indexWrites[i] = Task.WhenAll(
                batch.SetAddAsync(HolderKey(records[i].HolderKey), records[i].Id),
                records[i].SignedBy is { } kid ? batch.SetAddAsync(SignedKey(kid, records[i].IssuedAt), records[i].Id) : Task.CompletedTask);
            writes[i] = batch.StringSetAsync(
                LicenceKey(records[i].Id), JsonSerializer.SerializeToUtf8Bytes(records[i], StoreJsonContext.Default.LicenceRecord), when: When.NotExists);
        }

        batch.Execute();
        await Task.WhenAll(indexWrites).ConfigureAwait(false);
        await Task.WhenAll(writes).ConfigureAwait(false);

        var stored = new LicenceRecord[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            stored[i] = writes[i].Result ? records[i] : await FindAsync(records[i].Id).ConfigureAwait(false) ?? records[i];
        }

        return stored;
    }

    /// <summary>
    /// The newest version of a licence: the record, or the one its re-issue chain leads to. A link is
    /// followed only to a record that names this one as its predecessor, of the same type and holder
    /// (a link planted in the store leads nowhere else), and at most <see cref="MaxVersions"/> times.
    /// </summary>
    public async Task<LicenceRecord?> FindNewestAsync(string id)
    {
        var record = await FindAsync(id).ConfigureAwait(false);
        for (var hops = 0; record?.SupersededBy is { } next && hops < MaxVersions; hops++)
        {
            var successor = await FindAsync(next).ConfigureAwait(false);
            if (successor is null || !IsSuccessor(record, successor))
            {
                break;
            }

            record = successor;
        }

        return record;
    }

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
        var created = await database.StringSetAsync(
            LicenceKey(next.Id), JsonSerializer.SerializeToUtf8Bytes(next, StoreJsonContext.Default.LicenceRecord), when: When.NotExists).ConfigureAwait(false);
        if (!created && (await FindAsync(next.Id).ConfigureAwait(false) is not { } existing || !IsSuccessor(previous, existing)))
        {
            return null;
        }

        var batch = database.CreateBatch();
        var writes = new List<Task>
        {
            batch.SetAddAsync(HolderKey(next.HolderKey), next.Id),
            batch.StringSetAsync(LicenceKey(previous.Id),
                JsonSerializer.SerializeToUtf8Bytes(previous with { SupersededBy = next.Id }, StoreJsonContext.Default.LicenceRecord), when: When.Exists),
        };
        if (next.SignedBy is { } kid)
        {
            writes.Add(batch.SetAddAsync(SignedKey(kid, next.IssuedAt), next.Id));
        }

        batch.Execute();
        await Task.WhenAll(writes).ConfigureAwait(false);
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

    /// <summary>The licences of one holder.</summary>
    public async Task<IReadOnlyList<LicenceRecord>> ForHolderAsync(string holderKey)
    {
        var ids = await database.SetMembersAsync(HolderKey(holderKey)).ConfigureAwait(false);
        var records = new List<LicenceRecord>(ids.Length);
        foreach (var id in ids)
        {
            if (await FindAsync(id!).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    private RedisKey LicenceKey(string id) => $"elicense:{region}:licence:{{{id}}}";

    /// <summary>The most versions a licence may have (GB/T 36904's version is three digits; re-issues are rare).</summary>
    public const int MaxVersions = 16;

    private RedisKey SignedKey(string kid, DateTimeOffset at) => $"elicense:{region}:signed:{{{kid}:{at.UtcDateTime:yyyyMMddHH}}}";

    private RedisKey HolderKey(string holderKey) => $"elicense:{region}:holder:{{{holderKey}}}";

    private static LicenceRecord Deserialize(byte[] value) =>
        JsonSerializer.Deserialize(value, StoreJsonContext.Default.LicenceRecord) ?? throw new InvalidDataException("A licence record is empty.");
}
