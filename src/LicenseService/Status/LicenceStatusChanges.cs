using ELicense.Core.Status;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Status;

/// <summary>
/// Revokes, suspends and reinstates licences (DESIGN §6) beside <see cref="LicenceIssuer"/>: finds the licence, lets only
/// its issuing authority (and administrators) change it, makes the change with its audit record in one store write,
/// and tells the publisher that the list changed. Revocation is final; only a suspended licence is reinstated.
/// </summary>
public sealed class LicenceStatusChanges(
    LicenceStore licences, StatusListStore statusLists, ProvinceCatalogue catalogue, AuthorityRegistry authorities, StatusListPublisher publisher, TimeProvider time)
{
    /// <summary>What a change came to: the change made, no such licence for this caller, or a transition the status does not allow.</summary>
    public sealed record Outcome(StatusChange? Change, bool NotFound, LicenceStatus Previous);

    /// <summary>Changes licence <paramref name="id"/> to <paramref name="wanted"/> for <paramref name="reason"/> on <paramref name="caller"/>'s word.</summary>
    public async Task<Outcome> ChangeAsync(string id, LicenceStatus wanted, string reason, Caller caller)
    {
        var found = await StoredLicence.FindAsync(licences, catalogue, id).ConfigureAwait(false);
        // Another authority's licence is not found: least privilege by issuing authority (DESIGN §12).
        if (found is null || !caller.MayManage(found.Type.Key, found.Payload.Issuer.AuthorityCode, authorities.Default.Code))
        {
            return new Outcome(null, NotFound: true, LicenceStatus.Valid);
        }

        var (record, reference) = (found.Record, found.Payload.Status);
        var audit = new StatusAuditRecord(record.Id, reference.Index, Verb(wanted), Name(wanted), reason, caller.Subject, time.GetUtcNow());
        var (changed, previous) = await statusLists.ChangeAsync(reference, wanted, audit).ConfigureAwait(false);
        if (!changed)
        {
            return new Outcome(null, NotFound: false, previous);
        }

        publisher.Changed(reference.List);
        return new Outcome(new StatusChange(record.Id, Name(wanted), Name(previous), reference.List, reference.Index), NotFound: false, previous);
    }

    /// <summary>A status's name in the API and the audit trail.</summary>
    public static string Name(LicenceStatus status) => status switch
    {
        LicenceStatus.Valid => "valid",
        LicenceStatus.Revoked => "revoked",
        LicenceStatus.Suspended => "suspended",
        _ => "unknown",
    };

    /// <summary>A status's name in Chinese.</summary>
    public static string NameZh(LicenceStatus status) => status switch
    {
        LicenceStatus.Valid => "有效",
        LicenceStatus.Revoked => "已吊销",
        LicenceStatus.Suspended => "已暂停",
        _ => "未知",
    };

    /// <summary>The verb that leads to a status.</summary>
    public static string Verb(LicenceStatus wanted) => wanted switch { LicenceStatus.Revoked => "revoke", LicenceStatus.Suspended => "suspend", _ => "reinstate" };

    /// <summary>The verb in Chinese.</summary>
    public static string VerbZh(LicenceStatus wanted) => wanted switch { LicenceStatus.Revoked => "吊销", LicenceStatus.Suspended => "暂停", _ => "恢复" };
}

/// <summary>The answer to a status change.</summary>
public sealed record StatusChange(string Id, string Status, string Previous, string List, long Index);
