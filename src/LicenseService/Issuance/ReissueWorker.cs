using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Issuance;

/// <summary>
/// Runs the re-issue jobs of compromised keys on whichever replica holds the lease: makes sure every
/// revoked key has its job (a revocation whose replica died before writing it is not lost), waits
/// until every replica has stopped signing with the key, then walks the key's signer index page by
/// page, saving progress after each. A restart, or another replica taking over the lease, resumes
/// from the last saved page.
/// </summary>
public sealed class ReissueWorker(
    KeyManager keys, ReissueJobStore jobs, LicenceStore licences, AuditLog audit, LicenceReissuer reissuer, IOptions<KeyOptions> options, TimeProvider time, ILogger<ReissueWorker> logger) : BackgroundService
{
    // Renewed with every saved page (a page takes well under a second): a crashed holder delays the job by at most this.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(1);
    private readonly string owner = Guid.NewGuid().ToString("N");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> known = new(StringComparer.Ordinal);

    /// <summary>How long after a revocation replicas may still sign with the key: the change channel's second, or a missed nudge's maintenance round.</summary>
    public TimeSpan SettlingTime => options.Value.CheckInterval + TimeSpan.FromSeconds(2);

    /// <summary>Creates the job of every revoked document signer that has none.</summary>
    public async Task EnsureJobsAsync(KeySnapshot snapshot)
    {
        foreach (var key in snapshot.Keys.Where(k => k.Purpose == SignerPurposeKind.DocumentSigner && k.State == SignerState.Revoked && k.RevokedAt is not null && !known.ContainsKey(k.Kid)))
        {
            var until = key.RevokedAt!.Value + SettlingTime;
            var job = new ReissueJob
            {
                Kid = key.Kid, Family = key.Family.ToString(), From = key.CompromisedAt ?? key.CreatedAt, Until = until, StartAt = until,
                StartedAt = time.GetUtcNow(), By = "revocation", Hour = Hour(key.CompromisedAt ?? key.CreatedAt), UpdatedAt = time.GetUtcNow(),
            };
            var created = await jobs.CreateAsync(job).ConfigureAwait(false);
            known[key.Kid] = true;
            if (created)
            {
                logger.LogWarning("Re-issue of what key {Kid} signed from {From:O} starts at {StartAt:O}", key.Kid, job.From, job.StartAt);
                await audit.AppendAsync(new AuditRecord(job.StartedAt, job.By, "reissue-started", key.Kid,
                    $"re-issue of licences signed from {job.From:O}; starts {job.StartAt:O}")).ConfigureAwait(false);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Round, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RoundAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever the store holds, the worker goes on: a damaged record is a fault to report, not a reason to stop the host.
                logger.LogWarning("Re-issue round failed and runs again: {Error}", e.Message);
            }
        }
    }

    private async Task RoundAsync(CancellationToken stoppingToken)
    {
        await EnsureJobsAsync(keys.Snapshot).ConfigureAwait(false);
        var due = (await jobs.AllAsync().ConfigureAwait(false)).Where(j => j.State == "running" && j.StartAt <= time.GetUtcNow()).ToList();
        if (due.Count == 0 || !await jobs.TryLeaseAsync(owner, Lease).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            foreach (var job in due)
            {
                // Re-read under the lease: the previous holder may have saved more.
                if (await jobs.FindAsync(job.Kid).ConfigureAwait(false) is not { State: "running" } current)
                {
                    continue;
                }

                if (Authorised(current) is not { } authorised)
                {
                    await jobs.SaveAsync(owner, current with { State = "refused", UpdatedAt = time.GetUtcNow() }, Lease).ConfigureAwait(false);
                    continue;
                }

                if (!await RunAsync(authorised, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        finally
        {
            await jobs.ReleaseAsync(owner).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The job as the key records define it: only a key revoked in the key set this replica loaded is
    /// re-issued, from its own compromise time to its revocation. A job record planted in the store for
    /// another key, or with other times, does not make the service sign anything.
    /// </summary>
    private ReissueJob? Authorised(ReissueJob job)
    {
        var key = keys.Snapshot.Keys.FirstOrDefault(k => k.Kid == job.Kid && k.Purpose == SignerPurposeKind.DocumentSigner);
        if (key is not { State: SignerState.Revoked, RevokedAt: { } revokedAt })
        {
            if (known.TryAdd("refused:" + job.Kid, true))
            {
                logger.LogError("Re-issue job for key {Kid} refused: the key is not revoked in the key set", job.Kid.Length <= 32 ? job.Kid : job.Kid[..32]);
            }

            return null;
        }

        var from = key.CompromisedAt ?? key.CreatedAt;
        var until = revokedAt + SettlingTime;
        return job with { From = from, Until = until, StartAt = until, Hour = job.FirstWorkAt is null ? Hour(from) : job.Hour };
    }

    /// <summary>Works on one job until it is done; false when the lease was lost or the service stops.</summary>
    private async Task<bool> RunAsync(ReissueJob job, CancellationToken stoppingToken)
    {
        if (job.FirstWorkAt is null)
        {
            long total = 0;
            for (var hour = job.Hour; hour <= Hour(job.Until); hour = hour.AddHours(1))
            {
                total += await licences.SignedCountAsync(job.Kid, hour).ConfigureAwait(false);
            }

            job = job with { Total = total, FirstWorkAt = time.GetUtcNow() };
        }

        var began = time.GetTimestamp();
        long handled = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            // At most Keys:ReissuePerSecond: the live issuing shares the store and the cores.
            var ahead = TimeSpan.FromSeconds((double)handled / options.Value.ReissuePerSecond) - time.GetElapsedTime(began);
            if (ahead > TimeSpan.Zero)
            {
                await Task.Delay(ahead, time, stoppingToken).ConfigureAwait(false);
            }

            var (cursor, ids) = await licences.SignedPageAsync(job.Kid, job.Hour, job.Cursor, options.Value.ReissuePageSize).ConfigureAwait(false);
            var page = ids.Count > 0 ? await reissuer.ReissuePageAsync(job, ids).ConfigureAwait(false) : default;
            handled += page.Examined;
            var now = time.GetUtcNow();
            job = job with
            {
                Examined = job.Examined + page.Examined, Reissued = job.Reissued + page.Reissued, Already = job.Already + page.Already,
                Unaffected = job.Unaffected + page.Unaffected, Refused = job.Refused + page.Refused, UpdatedAt = now,
                Cursor = cursor, Hour = cursor == 0 ? job.Hour.AddHours(1) : job.Hour,
            };
            var done = cursor == 0 && job.Hour > Hour(job.Until);
            if (done)
            {
                job = job with { State = "done", FinishedAt = now, Total = Math.Max(job.Total, job.Examined) };
            }

            if (!await jobs.SaveAsync(owner, job, Lease).ConfigureAwait(false))
            {
                logger.LogWarning("Re-issue of key {Kid}: the lease passed to another replica; it continues there", job.Kid);
                return false;
            }

            if (done)
            {
                logger.LogWarning("Re-issue of key {Kid} done: {Reissued} re-issued, {Already} found re-issued, {Unaffected} unaffected, {Refused} refused",
                    job.Kid, job.Reissued, job.Already, job.Unaffected, job.Refused);
                await audit.AppendAsync(new AuditRecord(now, "reissue", "reissue-done", job.Kid,
                    $"{job.Reissued} re-issued, {job.Already} found re-issued, {job.Unaffected} unaffected, {job.Refused} refused")).ConfigureAwait(false);
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset Hour(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
