using System.Security.Cryptography;
using System.Text;
using ELicense.Core.Identifiers;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>What <c>store check</c> needs of the licence store: index checks, raw reads, sealing in place, moving holder sets of earlier versions.</summary>
public sealed partial class LicenceStore
{
    /// <summary>Per record, whether an index entry is missing: its holder's (in the bucket) or its signer's. One pipelined round trip.</summary>
    public async Task<bool[]> MissingIndexAsync(IReadOnlyList<LicenceRecord> records)
    {
        var batch = database.CreateBatch();
        var checks = records.Select(r => (
            Holder: batch.HashGetAsync(HoldersKey(r.HolderKey), HolderEntry(r.HolderKey, r.Id).Field),
            Signer: r.SignedBy is { } kid ? batch.SetContainsAsync(SignedKey(kid, r.IssuedAt), r.Id) : Task.FromResult(true))).ToArray();
        batch.Execute();
        await Task.WhenAll(checks.Select(c => (Task)c.Holder).Concat(checks.Select(c => c.Signer))).ConfigureAwait(false);
        // The entry must be there and say what it should: a changed value leads the wallet elsewhere.
        return [.. checks.Select((c, i) => c.Holder.Result != HolderEntry(records[i].HolderKey, records[i].Id).Value || !c.Signer.Result)];
    }

    /// <summary>The stored values of records, in one pipelined round trip (null where none).</summary>
    public async Task<byte[]?[]> RawAsync(IReadOnlyList<RedisKey> keys)
    {
        var batch = database.CreateBatch();
        var reads = keys.Select(k => batch.StringGetAsync(k)).ToArray();
        batch.Execute();
        await Task.WhenAll(reads).ConfigureAwait(false);
        return [.. reads.Select(r => r.Result.IsNull ? null : (byte[])r.Result!)];
    }

    private const string ReplaceIfSame = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    /// <summary>Writes <paramref name="record"/> sealed in place of <paramref name="stored"/>, only if the store still holds exactly that (a concurrent re-issue wins).</summary>
    public async Task<bool> ResealAsync(LicenceRecord record, byte[] stored)
    {
        var replaced = (long)await database.ScriptEvaluateAsync(ReplaceIfSame, [LicenceKey(record.Id)], [stored, cipher.Seal(record)]).ConfigureAwait(false) == 1;
        await ReplicatedAsync([LicenceKey(record.Id)]).ConfigureAwait(false);
        return replaced;
    }

    /// <summary>The holder sets of earlier versions, for <c>store check</c>.</summary>
    public string LegacyHolderPattern => $"elicense:{region}:holder:*";

    /// <summary>Moves the holder set of an earlier version into the buckets: each identifier whose record names that holder gets its entry; then the set is deleted. Returns the entries moved.</summary>
    public async Task<int> MoveLegacyHolderSetAsync(RedisKey set)
    {
        var holderKey = IdOfKey(set);
        if (holderKey.Length != 32 || !holderKey.All(char.IsAsciiHexDigitLower))
        {
            // Not a holder key this service makes: nothing of it is moved, and it goes.
            await database.KeyDeleteAsync(set).ConfigureAwait(false);
            return 0;
        }

        var moved = new List<LicenceRecord>();
        foreach (var id in await database.SetMembersAsync(set).ConfigureAwait(false))
        {
            try
            {
                if (await FindAsync(id!).ConfigureAwait(false) is { } record && record.HolderKey == holderKey)
                {
                    moved.Add(record);
                }
            }
            catch (UnreadableRecordException)
            {
                // Reported by the record scan.
            }
        }

        await RepairAsync(moved).ConfigureAwait(false);
        await database.KeyDeleteAsync(set).ConfigureAwait(false);
        return moved.Count;
    }
}
