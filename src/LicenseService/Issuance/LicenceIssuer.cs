using System.Diagnostics;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Observability;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Issuance;

/// <summary>
/// Issues licences: validate every request, derive its identifier, skip what was issued before
/// under the same idempotency key, allocate status entries, sign, and store. A licence is returned
/// only once its record is stored (DESIGN §10); a store failure surfaces as an exception and
/// nothing is returned. Requests go in groups, so that one round trip of each kind serves a batch.
/// </summary>
public sealed class LicenceIssuer(
    LicenceStore licences,
    StatusIndexAllocator statusEntries,
    SerialFactory serials,
    HolderKeys holders,
    SigningKeyRing keys,
    Keys.KeyManager keyManager,
    LicenceReissuer reissuer,
    LicenceSeal seal,
    ProvinceCatalogue catalogue,
    AuthorityRegistry authorities,
    TimeProvider time,
    IssuanceMetrics metrics,
    ILogger<LicenceIssuer> logger)
{
    /// <summary>Issues one licence.</summary>
    public async Task<IssueResult> IssueAsync(IssueRequest request, Caller caller, string? idempotencyKey) =>
        (await IssueAsync([request with { IdempotencyKey = idempotencyKey }], caller).ConfigureAwait(false))[0];

    /// <summary>Issues a group of licences; results are in the order of the requests.</summary>
    public async Task<IssueResult[]> IssueAsync(IReadOnlyList<IssueRequest> requests, Caller caller)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var results = new IssueResult[requests.Count];
        var prepared = new Pending?[requests.Count];
        var types = await catalogue.GetAsync().ConfigureAwait(false);
        var authority = await authorities.ForAsync(caller).ConfigureAwait(false);
        if (requests.Any(r => types.Find(r.Type) is null))
        {
            // A type just added on another replica: read the catalogue again once before calling it unknown.
            types = await catalogue.GetAsync(fresh: true).ConfigureAwait(false);
        }

        Parallel.For(0, requests.Count, Parallelism(requests.Count), i =>
        {
            var (result, pending) = authority is null || (requests[i].Authority is { } asked && asked != authority.Code)
                ? (IssueResult.ForbiddenAuthority(authority is null ? null : requests[i].Authority), null)
                : Prepare(requests[i], types, authority, caller, now, i);
            results[i] = result!;
            prepared[i] = pending;
        });

        List<Pending> pending = [.. prepared.OfType<Pending>()];
        try
        {
            // Every write of an idempotent group is completed by doing it again: a retry finds what was stored and adds the rest.
            // The waits are the store's real time (a failover does not follow the service's clock), hence the system clock.
            await StoreFailures.RetryAsync(
                async () => { await IssuePendingAsync(pending, results, caller, now).ConfigureAwait(false); return true; },
                e => pending.All(p => p.Idempotent) && StoreFailures.IsTransient(e)).ConfigureAwait(false);
        }
        catch (Exception e) when (StoreFailures.IsStoreFailure(e))
        {
            throw new IssueStoreException(requests.Count, await StoredAsync(pending).ConfigureAwait(false), e);
        }

        foreach (var result in results)
        {
            metrics.RecordOutcome(result.Outcome.ToString().ToLowerInvariant(), result.Licence?.Type);
        }

        metrics.RecordDuration(Stopwatch.GetElapsedTime(started), results.Length);
        return results;
    }

    /// <summary>After a store failure: per request, whether its licence is stored (null: the store could not tell). The probes run at once, so a hung store costs one timeout.</summary>
    private async Task<Dictionary<int, (bool? Stored, string Id)>> StoredAsync(List<Pending> pending)
    {
        async Task<bool?> Probe(Pending p)
        {
            try
            {
                // Stored for this request: another request's licence under the same key is not this one's (its retry answers 409).
                return await licences.FindAsync(p.Id).ConfigureAwait(false) is { } record && record.RequestHash == p.RequestHash;
            }
            catch (Exception e) when (StoreFailures.IsStoreFailure(e) || e is UnreadableRecordException)
            {
                return null;
            }
        }

        var stored = await Task.WhenAll(pending.Select(Probe)).ConfigureAwait(false);
        return pending.Select((p, i) => (p.Index, (stored[i], p.Id))).ToDictionary(x => x.Index, x => x.Item2);
    }

    /// <summary>Checks one request; either a result (it cannot be issued) or what is needed to issue it.</summary>
    private (IssueResult? Result, Pending? Pending) Prepare(
        IssueRequest request, LicenceCatalogue types, IssuingAuthority authority, Caller caller, DateTimeOffset now, int index)
    {
        var type = types.Find(request.Type);
        if (type is null)
        {
            return (IssueResult.Invalid([new FieldError("type", string.IsNullOrWhiteSpace(request.Type) ? "required" : "unknown",
                $"Unknown licence type '{request.Type}'; known: {string.Join(", ", types.Newest.Select(t => t.Key))}.",
                $"未知的证照类型“{request.Type}”。")]), null);
        }

        if (!caller.MayIssue(type.Key))
        {
            return (IssueResult.Forbidden(type.Key), null);
        }

        var holder = new Holder(request.Holder?.Name?.Trim() ?? "", request.Holder?.IdType ?? type.HolderIdType, request.Holder?.IdNumber?.Trim().ToUpperInvariant() ?? "");
        var fields = request.Fields ?? [];
        var validFrom = request.ValidFrom ?? now;
        var errors = LicenceContentValidator.Validate(type, request.Holder is null ? null : holder, fields, validFrom, request.ValidUntil);
        if (request.ValidUntil is { } until && until <= now && errors.All(e => e.Field != "validUntil"))
        {
            // A licence born expired is INVALID everywhere; issuing it would only hand the holder a document to be refused with.
            errors = [.. errors, new FieldError("validUntil", "range", "The end of validity must lie in the future.", "有效期截止时间必须晚于当前时间。")];
        }

        if (errors.Count > 0)
        {
            return (IssueResult.Invalid(errors), null);
        }

        var identifier = LicenceIdentifier.Create(type.Code, authority.Code, serials.For(caller.Subject, request.IdempotencyKey, now));
        return (null, new Pending(
            index, type, holder, fields, validFrom, request.ValidUntil, identifier.ToString(), RequestCanonicalForm.Hash(type, request), request.IdempotencyKey is not null,
            authority.AsIssuer()));
    }

    /// <summary>One thread for a single request (no hand-off cost); every core for a batch chunk.</summary>
    internal static ParallelOptions Parallelism(int count) => new() { MaxDegreeOfParallelism = count < 16 ? 1 : Environment.ProcessorCount };

    private async Task IssuePendingAsync(List<Pending> pending, IssueResult[] results, Caller caller, DateTimeOffset now)
    {
        // A retry under a known idempotency key finds its licence before anything is allocated or signed.
        var fresh = new List<Pending>(pending.Count);
        var earlier = await Task.WhenAll(pending.Select(p => p.Idempotent ? FindNewestAsync(p.Id) : Task.FromResult<(LicenceRecord? Record, bool Unreadable)>((null, false)))).ConfigureAwait(false);
        var replayed = new List<LicenceRecord>();
        for (var i = 0; i < pending.Count; i++)
        {
            if (earlier[i].Unreadable)
            {
                results[pending[i].Index] = IssueResult.Unverified(pending[i].Id);
            }
            else if (earlier[i].Record is { } record)
            {
                // Signed by an earlier attempt of this very call (a store failure after the write, then the retry): issued, not replayed.
                var ours = record.RequestHash == pending[i].RequestHash && record.IssuedBy == caller.Subject
                           && record.IssuedAt.ToUnixTimeMilliseconds() == now.ToUnixTimeMilliseconds();
                results[pending[i].Index] = ours ? new IssueResult(IssueOutcome.Issued, record, []) : Resolve(record, pending[i]);
                if (results[pending[i].Index].Outcome != IssueOutcome.Conflict)
                {
                    replayed.Add(record);
                }
            }
            else
            {
                fresh.Add(pending[i]);
            }
        }

        // A replay answers a licence only once it is in its holder's wallet and on the replicas: the first write may have been cut short.
        await licences.RepairAsync(replayed).ConfigureAwait(false);
        if (fresh.Count == 0)
        {
            return;
        }

        var statuses = await statusEntries.AllocateAsync(fresh.Count).ConfigureAwait(false);
        var signer = keys.PayloadSigner;
        var signedBy = Core.Trust.Kid.ToHex(signer.Kid);
        var records = new LicenceRecord[fresh.Count];
        Parallel.For(0, fresh.Count, Parallelism(fresh.Count), i =>
        {
            var p = fresh[i];
            var payload = new LicencePayload(PayloadKind.Licence, p.Id, p.Type.Code, p.Issuer, p.Holder, p.Fields, now, p.ValidFrom, p.ValidUntil, statuses[i],
                TypeVersion: p.Type.Version);
            records[i] = seal.Sealed(new LicenceRecord(p.Id, p.Type.Key, QrPayloadCodec.Encode(payload, signer), p.RequestHash, caller.Subject,
                holders.For(p.Holder.IdType, p.Holder.IdNumber), now) { SignedBy = signedBy });
        });

        var stored = await licences.AddAsync(records).ConfigureAwait(false);
        if (await keyManager.RevokedSinceAsync(signer.Kid).ConfigureAwait(false))
        {
            // The key was revoked while these were signed: answer with their next version, signed by the fresh key, never a void licence.
            var mine = stored.Select((r, i) => ReferenceEquals(r, records[i]) ? r : null).ToArray();
            var (_, newest) = await reissuer.ReissueAsync(mine, signedBy, DateTimeOffset.MinValue).ConfigureAwait(false);
            for (var i = 0; i < stored.Length; i++)
            {
                if (newest[i] is { } next)
                {
                    records[i] = stored[i] = next;
                }
            }
        }
        for (var i = 0; i < fresh.Count; i++)
        {
            results[fresh[i].Index] = ReferenceEquals(stored[i], records[i])
                ? new IssueResult(IssueOutcome.Issued, records[i], [])
                : Resolve(await licences.FindNewestAsync(stored[i].Id).ConfigureAwait(false) ?? stored[i], fresh[i]);
        }
    }

    /// <summary>The newest version under an identifier; unreadable when the store holds something this service did not seal there (logged).</summary>
    private async Task<(LicenceRecord? Record, bool Unreadable)> FindNewestAsync(string id)
    {
        try
        {
            return (await licences.FindNewestAsync(id).ConfigureAwait(false), false);
        }
        catch (UnreadableRecordException e)
        {
            logger.LogError("Issuing refused a request: {Error}", e.Message);
            return (null, true);
        }
    }

    private static IssueResult Resolve(LicenceRecord record, Pending request) =>
        record.RequestHash == request.RequestHash
            ? new IssueResult(IssueOutcome.Replayed, record, [])
            : new IssueResult(IssueOutcome.Conflict, null, Problems.Problems.ConflictErrors);

    private sealed record Pending(
        int Index, LicenceType Type, Holder Holder, IReadOnlyDictionary<string, string> Fields,
        DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, string Id, string RequestHash, bool Idempotent, Issuer Issuer);
}
