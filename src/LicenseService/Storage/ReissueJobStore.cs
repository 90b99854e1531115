using System.Text.Json;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Re-issue jobs (one per compromised key) and the lease that lets one replica at a time work on
/// them. The job record is the job's only state: cursor and counts are saved after every page, so a
/// restart (of any replica) resumes where the last saved page ended; pages redone after a crash find
/// their licences already superseded, so nothing is re-issued twice. Progress is written only while
/// the writer still holds the lease.
///
/// Keys (hash tag <c>reissue-{region}</c>): <c>elicense:{region}:reissue-jobs:{reissue-{region}}</c> —
/// hash, kid → <see cref="ReissueJob"/> JSON; <c>elicense:{region}:reissue-lease:{reissue-{region}}</c> —
/// the lease (SET NX PX, owner token).
/// </summary>
public sealed class ReissueJobStore(IDatabase database, string region)
{
    private const string SaveScript = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then
          return 0
        end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        return 1
        """;

    private readonly string tag = $"{{reissue-{region}}}";

    private RedisKey JobsKey => $"elicense:{region}:reissue-jobs:{tag}";

    private RedisKey LeaseKey => $"elicense:{region}:reissue-lease:{tag}";

    /// <summary>Creates the job of a key unless one exists; returns whether it was created.</summary>
    public Task<bool> CreateAsync(ReissueJob job) =>
        database.HashSetAsync(JobsKey, job.Kid, JsonSerializer.Serialize(job, StoreJsonContext.Default.ReissueJob), When.NotExists);

    /// <summary>Every job, newest first.</summary>
    public async Task<IReadOnlyList<ReissueJob>> AllAsync() =>
        [.. (await database.HashValuesAsync(JobsKey).ConfigureAwait(false)).Select(v => Read(v)).OfType<ReissueJob>().OrderByDescending(j => j.StartedAt)];

    /// <summary>The job of one key, or null.</summary>
    public async Task<ReissueJob?> FindAsync(string kid)
    {
        var value = await database.HashGetAsync(JobsKey, kid).ConfigureAwait(false);
        return value.IsNull ? null : Read(value);
    }

    /// <summary>A job record, or null for one that is not (damaged or planted): the worker and the admin API go on without it.</summary>
    private static ReissueJob? Read(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize((string)value!, StoreJsonContext.Default.ReissueJob);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Takes the lease for <paramref name="time"/>; false while another replica holds it.</summary>
    public Task<bool> TryLeaseAsync(string owner, TimeSpan time) => database.StringSetAsync(LeaseKey, owner, time, When.NotExists);

    /// <summary>Saves a job's progress and extends the lease, if <paramref name="owner"/> still holds it; false when the lease was lost (stop working).</summary>
    public async Task<bool> SaveAsync(string owner, ReissueJob job, TimeSpan lease) =>
        (long)(await StoreFailures.RefusedAgainAsync(() => database.ScriptEvaluateAsync(SaveScript, [JobsKey, LeaseKey],
            [owner, job.Kid, JsonSerializer.Serialize(job, StoreJsonContext.Default.ReissueJob), (long)lease.TotalMilliseconds])).ConfigureAwait(false)) == 1;

    /// <summary>Gives the lease up if this owner holds it.</summary>
    public Task ReleaseAsync(string owner) => database.ScriptEvaluateAsync(KeyStore.UnlockScript, [LeaseKey], [owner]);
}

/// <summary>
/// The re-issue of everything one compromised key signed from <see cref="From"/>: the UTC hours
/// from <see cref="From"/> to <see cref="Until"/> are walked in order through the signer index, each
/// with a set cursor. It starts at <see cref="StartAt"/>, once every replica has stopped signing
/// with the key, so that one pass sees every licence the key signed.
/// </summary>
public sealed record ReissueJob
{
    public required string Kid { get; init; }

    public required string Family { get; init; }

    /// <summary>The compromise time, or the key's creation when none was stated (everything it signed).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The end of the walk: the revocation plus the settling time.</summary>
    public required DateTimeOffset Until { get; init; }

    public required DateTimeOffset StartAt { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string By { get; init; }

    /// <summary>running, done, or refused (a job record the key set does not back: the key is not revoked).</summary>
    public string State { get; init; } = "running";

    /// <summary>The UTC hour being walked.</summary>
    public DateTimeOffset Hour { get; init; }

    /// <summary>The set cursor within <see cref="Hour"/> (0: from its start).</summary>
    public long Cursor { get; init; }

    /// <summary>Upper bound of licences to look at (index sizes counted at start).</summary>
    public long Total { get; init; }

    /// <summary>Licences looked at (of the key, whatever the outcome).</summary>
    public long Examined { get; init; }

    /// <summary>Licences given a new version by this job.</summary>
    public long Reissued { get; init; }

    /// <summary>Licences found re-issued already (a page redone after a restart).</summary>
    public long Already { get; init; }

    /// <summary>Licences signed before <see cref="From"/>: still valid, left alone.</summary>
    public long Unaffected { get; init; }

    /// <summary>Stored records that did not verify: never signed again (audited).</summary>
    public long Refused { get; init; }

    public DateTimeOffset? FirstWorkAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}
