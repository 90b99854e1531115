using System.Text.Json;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The province's security audit log besides the key audit: refused stored licences, re-issue jobs.
/// A Redis list of <see cref="AuditRecord"/> JSON, oldest first, capped at <see cref="Capacity"/>
/// entries (the log collector keeps the history). Entries name identifiers and key ids, never a
/// holder's name or number. Key: <c>elicense:{region}:audit:{audit-{region}}</c>.
/// </summary>
public sealed class AuditLog(IDatabase database, string region)
{
    public const int Capacity = 100_000;

    private RedisKey Key => $"elicense:{region}:audit:{{audit-{region}}}";

    /// <summary>Appends one record and drops the oldest beyond the capacity.</summary>
    public async Task AppendAsync(AuditRecord record)
    {
        var batch = database.CreateBatch();
        var push = batch.ListRightPushAsync(Key, JsonSerializer.Serialize(record, StoreJsonContext.Default.AuditRecord));
        var trim = batch.ListTrimAsync(Key, -Capacity, -1);
        batch.Execute();
        await Task.WhenAll(push, trim).ConfigureAwait(false);
    }

    /// <summary>The newest records, oldest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(int count) =>
        [.. (await database.ListRangeAsync(Key, -count, -1).ConfigureAwait(false))
            .Select(v => JsonSerializer.Deserialize((string)v!, StoreJsonContext.Default.AuditRecord)!)];
}

/// <summary>One audit entry: when, who or what acted, what happened, on which licence or key, and why.</summary>
public sealed record AuditRecord(DateTimeOffset At, string By, string Action, string Subject, string Detail);
