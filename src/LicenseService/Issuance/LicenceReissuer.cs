using System.Globalization;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Trust;
using ELicense.LicenseService.Observability;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Issuance;

/// <summary>
/// Re-issues licences a compromised key signed: each becomes the next GB/T 36904 version of the same
/// identifier (<c>.001</c> → <c>.002</c>, check character recomputed), signed by the current key, with
/// the same holder, fields, validity and status entry; the old version stays void. The stored record
/// is verified first (signature intact, signed by that key): a record that does not verify is not
/// signed again. Exactly once per licence: the next version's identifier is derived, and its record
/// is written with SET NX.
/// </summary>
public sealed class LicenceReissuer(
    LicenceStore licences, AuditLog audit, SigningKeyRing keys, StoredLicenceCheck check, LicenceSeal seal, IssuanceMetrics metrics, TimeProvider time, ILogger<LicenceReissuer> logger)
{
    /// <summary>What one page of a job came to.</summary>
    public readonly record struct PageCounts(long Examined, long Reissued, long Already, long Unaffected, long Refused);

    /// <summary>Handles the identifiers of one index page of the job's key.</summary>
    public async Task<PageCounts> ReissuePageAsync(ReissueJob job, IReadOnlyList<string> ids) =>
        (await ReissueAsync(await Task.WhenAll(ids.Select(ReadAsync)).ConfigureAwait(false), job.Kid, job.From).ConfigureAwait(false)).Counts;

    /// <summary>A record as stored; a damaged one (not a record at all) is logged and skipped, never a reason to stop the job.</summary>
    private async Task<LicenceRecord?> ReadAsync(string id)
    {
        try
        {
            return await licences.FindAsync(id).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or UnreadableRecordException)
        {
            logger.LogError("Licence record {Id} in a signer index is damaged and was skipped: {Error}", id.Length <= 120 ? id : id[..120], e.Message);
            return null;
        }
    }

    /// <summary>
    /// Re-issues the records <paramref name="kid"/> signed from <paramref name="from"/>; returns the
    /// counts and, per record, the version now in force (the new one, or the record itself when it
    /// was not re-issued).
    /// </summary>
    public async Task<(PageCounts Counts, LicenceRecord?[] Newest)> ReissueAsync(LicenceRecord?[] records, string kid, DateTimeOffset from)
    {
        var signer = keys.PayloadSigner;
        var signedBy = Kid.ToHex(signer.Kid);
        if (signedBy == kid)
        {
            throw new Keys.NoSigningKeyException($"Key {kid} is still the signing key here; the re-issue waits for its replacement.");
        }

        var now = time.GetUtcNow();
        long reissued = 0, already = 0, unaffected = 0, refused = 0;
        var plans = new (LicenceRecord Old, LicenceRecord New)?[records.Length];
        var outcomes = new string?[records.Length];
        // A link counts only when it leads to a true successor: a planted or broken one does not excuse a licence from its re-issue.
        var successors = await Task.WhenAll(records.Select(r => r?.SupersededBy is { } next ? ReadAsync(next) : Task.FromResult<LicenceRecord?>(null))).ConfigureAwait(false);
        Parallel.For(0, records.Length, LicenceIssuer.Parallelism(records.Length), i =>
        {
            var done = records[i] is { } r && successors[i] is { } s && LicenceStore.IsSuccessor(r, s);
            (outcomes[i], plans[i]) = done ? ("already", null) : Plan(records[i], kid, from, signer, signedBy, now);
        });

        for (var i = 0; i < records.Length; i++)
        {
            switch (outcomes[i])
            {
                case "already": already++; break;
                case "unaffected": unaffected++; break;
                case "refused":
                    refused++;
                    check.Refused(records[i]!, null, "reissue");
                    await audit.AppendAsync(new AuditRecord(now, "reissue", "stored-licence-refused", records[i]!.Id, $"reissue of key {kid}: the stored record is not sealed by this service or does not verify")).ConfigureAwait(false);
                    break;
            }
        }

        var writes = plans.Select(p => p is { } plan ? licences.SupersedeAsync(plan.Old, plan.New) : Task.FromResult<bool?>(false)).ToArray();
        await Task.WhenAll(writes).ConfigureAwait(false);
        var newest = records.ToArray();
        for (var i = 0; i < writes.Length; i++)
        {
            if (plans[i] is not { } plan)
            {
                continue;
            }

            switch (writes[i].Result)
            {
                case true: reissued++; newest[i] = plan.New; break;
                case false: already++; newest[i] = await licences.FindNewestAsync(plan.Old.Id).ConfigureAwait(false); break;
                default:
                    refused++;
                    await audit.AppendAsync(new AuditRecord(now, "reissue", "reissue-blocked", plan.Old.Id, $"reissue of key {kid}: identifier {plan.New.Id} is held by a record that is not its successor")).ConfigureAwait(false);
                    break;
            }
        }

        metrics.RecordReissue("reissued", reissued);
        metrics.RecordReissue("already", already);
        metrics.RecordReissue("refused", refused);
        return (new PageCounts(records.Length, reissued, already, unaffected, refused), newest);
    }

    /// <summary>What to do with one record: an outcome word, or the old and the new record to write.</summary>
    private (string? Outcome, (LicenceRecord, LicenceRecord)? Plan) Plan(LicenceRecord? record, string kid, DateTimeOffset from, DocumentSigner signer, string signedBy, DateTimeOffset now)
    {
        if (record is null || record.SignedBy != kid)
        {
            return ("unaffected", null);
        }

        // The compromised key's own signature proves nothing now: only records this service sealed are re-signed.
        if (!seal.Holds(record))
        {
            return ("refused", null);
        }

        var outcome = check.Check(record, admitRevoked: true);
        if (!(outcome.Passed || outcome.OutsideValidity) || outcome.Prepared?.VerifiedPayload is not { } payload
            || outcome.Prepared.Signer is not { } verifiedBy || Kid.ToHex(verifiedBy.Kid) != kid)
        {
            return ("refused", null);
        }

        if (payload.IssuedAt < from)
        {
            return ("unaffected", null);
        }

        var id = LicenceIdentifier.Parse(record.Id);
        var version = int.Parse(id.Version, CultureInfo.InvariantCulture);
        if (version >= 999)
        {
            return ("refused", null);
        }

        var next = LicenceIdentifier.Create(id.TypeCode, id.AuthorityCode, id.Serial, version + 1).ToString();
        var qr = QrPayloadCodec.Encode(payload with { Identifier = next, IssuedAt = now }, signer);
        return (null, (record, seal.Sealed(record with { Id = next, Qr = qr, IssuedAt = now, SignedBy = signedBy, Supersedes = record.Id, SupersededBy = null })));
    }
}
