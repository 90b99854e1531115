using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Status;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The status lists of the province (DESIGN §6) and their audit trail. Each list is one string of
/// 2-bit entries in the byte layout of the Token Status List draft (entry i in byte i/4, least
/// significant bits first), so a list is read with one GET and signed as it is. A change runs as
/// one Lua script on one hash slot: read the entry, refuse what the lifecycle forbids, write the
/// entry and append the audit record — both or neither.
///
/// Key scheme: <c>elicense:{region}:status:{{list}}</c> — the packed list (absent = all valid);
/// <c>elicense:{region}:status-audit:{{list}}</c> — a Redis list of JSON audit records.
/// </summary>
public sealed class StatusListStore(IDatabase database, string region, int listSize, Func<IEnumerable<RedisKey>, Task>? replicated = null, bool readBack = false)
{
    // Redis numbers bits from the most significant bit of byte 0; the draft's entry i sits in the
    // least significant bits first, so its u2 field starts at bit 8·(i/4) + 6 − 2·(i mod 4).
    private const string ChangeScript = """
        local offset = tonumber(ARGV[1])
        local wanted = tonumber(ARGV[2])
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('SETRANGE', KEYS[1], tonumber(ARGV[4]) - 1, '\0')
        end
        local current = redis.call('BITFIELD', KEYS[1], 'GET', 'u2', offset)[1]
        local allowed = (current == 0 and (wanted == 1 or wanted == 2)) or (current == 2 and (wanted == 0 or wanted == 1))
        if not allowed then
          return {0, current}
        end
        redis.call('BITFIELD', KEYS[1], 'SET', 'u2', offset, wanted)
        redis.call('RPUSH', KEYS[2], ARGV[3] .. current .. '}')
        return {1, current}
        """;

    /// <summary>
    /// Moves an entry along the lifecycle valid → suspended ⇄ valid, valid/suspended → revoked
    /// (final). Returns whether it changed and the status it had.
    /// </summary>
    public async Task<(bool Changed, LicenceStatus Previous)> ChangeAsync(StatusReference reference, LicenceStatus wanted, StatusAuditRecord audit)
    {
        var offset = Offset(reference.Index);
        // One script: a refusal (TRYAGAIN, CLUSTERDOWN, READONLY during a failover) ran none of it, so it is sent again.
        var result = (RedisResult[])(await StoreFailures.RefusedAgainAsync(() => database.ScriptEvaluateAsync(
            ChangeScript,
            [ListKey(reference.List), AuditKey(reference.List)],
            [offset, (int)wanted, AuditPrefix(audit), listSize / 4])).ConfigureAwait(false))!;
        if (replicated is not null && ((int)result[0] == 1 || (LicenceStatus)(int)result[1] == wanted))
        {
            // A revocation is answered only once it survives the failover of its master (also when a retry finds it made).
            await replicated([ListKey(reference.List)]).ConfigureAwait(false);
            if (readBack && await database.StringGetRangeAsync(ListKey(reference.List), offset / 8, offset / 8, CommandFlags.DemandReplica).ConfigureAwait(false) is var read
                && (read.IsNull || ((((byte[])read!).FirstOrDefault() >> (int)(6 - (offset % 8))) & 3) != (int)wanted))
            {
                throw new StoreNotReplicatedException($"The status change of {reference.List}#{reference.Index} is not on a replica after WAIT: its master changed in between.");
            }
        }

        return ((int)result[0] == 1, (LicenceStatus)(int)result[1]);
    }

    /// <summary>The audit record as JSON without its closing brace, ending in <c>"previous":</c>; the script
    /// appends the status it found, so the record says what the entry really was, even under a race.</summary>
    private static string AuditPrefix(StatusAuditRecord audit)
    {
        var json = JsonSerializer.Serialize(audit with { Previous = null }, StoreJsonContext.Default.StatusAuditRecord);
        return json[..^1] + ",\"previous\":";
    }

    /// <summary>The current status of one licence (one BITFIELD read; an entry never written is valid).</summary>
    public async Task<LicenceStatus> GetAsync(StatusReference reference)
    {
        var result = (RedisResult[])(await database.ExecuteAsync("BITFIELD", ListKey(reference.List), "GET", "u2", Offset(reference.Index)).ConfigureAwait(false))!;
        return (LicenceStatus)(int)result[0];
    }

    /// <summary>The bit offset of an entry's u2 field in Redis's numbering (see the script).</summary>
    private static long Offset(long index) => (8 * (index / 4)) + 6 - (2 * (index % 4));

    /// <summary>The packed list; all zeros (every entry valid) when nothing in it ever changed.</summary>
    public async Task<byte[]> ReadAsync(string list)
    {
        var value = (byte[]?)await database.StringGetAsync(ListKey(list)).ConfigureAwait(false);
        return value is { Length: > 0 } ? value : new byte[listSize / 4];
    }

    /// <summary>The audit records of one list, oldest first.</summary>
    public async Task<IReadOnlyList<StatusAuditRecord>> AuditAsync(string list) =>
        [.. (await database.ListRangeAsync(AuditKey(list)).ConfigureAwait(false))
            .Select(v => JsonSerializer.Deserialize((string)v!, StoreJsonContext.Default.StatusAuditRecord)!)];

    private RedisKey ListKey(string list) => $"elicense:{region}:status:{{{list}}}";

    private RedisKey AuditKey(string list) => $"elicense:{region}:status-audit:{{{list}}}";
}

/// <summary>One status change as the audit trail keeps it: who, what, when and why, and the status before.</summary>
/// <param name="Previous">The entry's status before the change (0 valid, 2 suspended), filled in by the store.</param>
public sealed record StatusAuditRecord(
    string Licence, long Index, string Change, string To, string Reason, string By, DateTimeOffset At,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? Previous = null);
