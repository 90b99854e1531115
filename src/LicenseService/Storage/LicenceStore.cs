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
/// <c>elicense:{region}:holder:{{holder key}}</c> — a set of identifiers of one holder.
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
            indexWrites[i] = batch.SetAddAsync(HolderKey(records[i].HolderKey), records[i].Id);
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

    private RedisKey HolderKey(string holderKey) => $"elicense:{region}:holder:{{{holderKey}}}";

    private static LicenceRecord Deserialize(byte[] value) =>
        JsonSerializer.Deserialize(value, StoreJsonContext.Default.LicenceRecord) ?? throw new InvalidDataException("A licence record is empty.");
}
