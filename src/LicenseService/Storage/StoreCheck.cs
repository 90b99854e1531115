using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// <c>store check [--repair]</c>: reads every licence record of the province on every master
/// (SCAN, never KEYS; pages of <see cref="PageSize"/>, one pipelined round trip per step) and
/// reports what a write cut short or an earlier version left behind:
/// <list type="bullet">
/// <item>orphans — records whose holder-index or signer-index entry is missing (the licence would be
/// missing from its holder's wallet, or from a compromise's re-issue); repaired by re-asserting the entries;</item>
/// <item>plain records — JSON records of an earlier version, not sealed; repaired by sealing them
/// in place (compare-and-set: a concurrent re-issue wins);</item>
/// <item>holder sets of an earlier version — moved into the holder buckets;</item>
/// <item>unreadable records — values that are not a record this province sealed (changed, moved or
/// planted): reported with their identifiers, never repaired (nothing is signed from them).</item>
/// </list>
/// Everything it repairs is idempotent. Every report carries the position after its last whole page
/// (<see cref="StoreCheckPosition"/>): a check that stopped midway goes on from there (<see cref="TryResume"/>) with
/// its counts, or is simply run again.
/// </summary>
public sealed class StoreCheck(
    LicenceStore licences, StatusIndexAllocator statuses, StoreConnection connection, IOptions<ProvinceOptions> province, LicenceSeal seal,
    ProvinceSecrets secrets, IOptions<StorageOptions> storage, TimeProvider time, ILogger<StoreCheck> logger)
{
    public const int PageSize = 500;

    /// <summary>
    /// One report: counts so far (a resumed check's include those before it), the rate of this run, an estimate of the
    /// time left (null until known), and where a rerun goes on from (null in the last report).
    /// </summary>
    public sealed record Progress(
        bool Done, long Total, long Scanned, long Orphans, long Plain, long Unreadable, long LegacyHolderSets, long Repaired,
        double RatePerSecond, double? SecondsLeft, IReadOnlyList<string> UnreadableIds, string? Resume);

    /// <summary>Reads a position handed out by an earlier run of the same mode; false with a reason for anything else.</summary>
    public bool TryResume(string text, bool repair, [NotNullWhen(true)] out StoreCheckPosition? position, [NotNullWhen(false)] out string? reason)
    {
        if (!StoreCheckPosition.TryDecode(text, secrets, out position, out reason))
        {
            return false;
        }

        if (position.Repair != repair)
        {
            reason = position.Repair ? "it is the position of a check with repair; resume it with repair=true" : "it is the position of a check without repair; resume it without repair";
            position = null;
            return false;
        }

        return true;
    }

    /// <summary>Why a genuine position cannot be gone on from now (the masters' processes or slots changed since), or null.</summary>
    public async Task<string?> StaleAsync(StoreCheckPosition position) =>
        await connection.ScanTopologyAsync().ConfigureAwait(false) == position.Topology
            ? null
            : "the store's masters changed since that position (a failover, a reshard or a restart), so its cursor means nothing now; run the check again from the start";

    /// <summary>
    /// Runs the check from the start, or on from <paramref name="from"/>; yields a report every
    /// <see cref="StorageOptions.CheckReportMilliseconds"/> (1 s by default) and a last one with <see cref="Progress.Done"/>.
    /// </summary>
    public async IAsyncEnumerable<Progress> RunAsync(bool repair, StoreCheckPosition? from = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        if (await connection.WriteProblemAsync().ConfigureAwait(false) is { } down)
        {
            // A check that skipped a master would call a store consistent that it did not read.
            throw new StoreNotReplicatedException($"Not every master of the store takes writes: {down}.");
        }

        var started = time.GetTimestamp();
        var lastReport = started;
        // The status entries allocated are about the licences issued: the denominator of the progress bar.
        var total = await statuses.AllocatedAsync().ConfigureAwait(false);
        var position = from ?? StoreCheckPosition.Start(repair, await connection.ScanTopologyAsync().ConfigureAwait(false));
        var (scanned, orphans, plain, unreadable, repaired) = (position.Scanned, position.Orphans, position.Plain, position.Unreadable, position.Repaired);
        var (resumedAt, legacy) = (scanned, 0L);
        var finished = new List<string>(position.Finished);
        var unreadableIds = new List<string>();
        var page = new List<RedisKey>(PageSize);

        Progress Report(bool done)
        {
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            var rate = seconds > 0 ? (scanned - resumedAt) / seconds : 0;
            return new Progress(done, Math.Max(total, scanned), scanned, orphans, plain, unreadable, legacy, repaired, Math.Round(rate, 1),
                done ? 0 : rate > 0 ? Math.Round(Math.Max(0, total - scanned) / rate, 1) : null, [.. unreadableIds], done ? null : position.Encode(secrets));
        }

        async Task CheckPageAsync()
        {
            if (page.Count == 0)
            {
                return;
            }

            var values = await licences.RawAsync(page).ConfigureAwait(false);
            var records = new List<LicenceRecord>(page.Count);
            for (var i = 0; i < page.Count; i++)
            {
                if (values[i] is not { } value)
                {
                    continue;
                }

                var id = licences.IdOfKey(page[i]);
                try
                {
                    var record = licences.Cipher.Open(id, value);
                    if (record.HolderKey.Length != 32 || !record.HolderKey.All(char.IsAsciiHexDigitLower))
                    {
                        throw new UnreadableRecordException(id, "its holder key is not one this service makes");
                    }

                    if (!RecordCipher.IsSealed(value))
                    {
                        // A record in clear is sealed only when the service's own seal under the KEK says it wrote it: one planted in clear stays refused.
                        if (!seal.Holds(record))
                        {
                            throw new UnreadableRecordException(id, "it is in clear and does not carry this service's seal");
                        }

                        plain++;
                        if (repair && await licences.ResealAsync(record, value).ConfigureAwait(false))
                        {
                            repaired++;
                        }
                    }

                    records.Add(record);
                }
                catch (UnreadableRecordException e)
                {
                    unreadable++;
                    logger.LogError("store check: {Error}", e.Message);
                    if (unreadableIds.Count < 100)
                    {
                        unreadableIds.Add(e.Id);
                    }
                }
            }

            var missing = await licences.MissingIndexAsync(records).ConfigureAwait(false);
            var orphaned = records.Where((_, i) => missing[i]).ToList();
            orphans += orphaned.Count;
            if (repair && orphaned.Count > 0)
            {
                await licences.RepairAsync(orphaned).ConfigureAwait(false);
                repaired += orphaned.Count;
            }

            scanned += page.Count;
            page.Clear();
        }

        await foreach (var (master, next, keys) in connection.ScanPagesAsync(licences.LicenceKeyPattern, PageSize, position.Finished, position.At, position.Cursor)
                           .ConfigureAwait(false))
        {
            cancellation.ThrowIfCancellationRequested();
            page.AddRange(keys);
            await CheckPageAsync().ConfigureAwait(false);
            if (next == 0)
            {
                finished.Add(master);
            }

            position = position with { Finished = [.. finished], At = next == 0 ? null : master, Cursor = next, Scanned = scanned, Orphans = orphans, Plain = plain, Unreadable = unreadable, Repaired = repaired };
            if (time.GetElapsedTime(lastReport) >= TimeSpan.FromMilliseconds(storage.Value.CheckReportMilliseconds))
            {
                lastReport = time.GetTimestamp();
                yield return Report(done: false);
            }
        }

        await foreach (var set in connection.ScanAsync(licences.LegacyHolderPattern, PageSize).WithCancellation(cancellation).ConfigureAwait(false))
        {
            legacy++;
            if (repair)
            {
                await licences.MoveLegacyHolderSetAsync(set).ConfigureAwait(false);
                repaired++;
            }
        }

        if (repair && unreadable == 0)
        {
            // The clear secrets of an earlier version, kept for its replicas during the upgrade, go once every record is sealed.
            repaired += await StoreSecrets.DeleteClearCopiesAsync(connection.Database, province.Value.RegionCode).ConfigureAwait(false);
        }

        logger.LogInformation("store check{Repair}: {Scanned} records, {Orphans} orphans, {Plain} plain, {Unreadable} unreadable, {Legacy} old holder sets, {Repaired} repaired",
            repair ? " --repair" : "", scanned, orphans, plain, unreadable, legacy, repaired);
        yield return Report(done: true);
    }
}
