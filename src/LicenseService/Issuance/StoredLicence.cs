using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Issuance;

/// <summary>A stored licence with its decoded content and type, as the endpoints that act on one licence need it.</summary>
public sealed record StoredLicence(LicenceRecord Record, LicencePayload Payload, LicenceType Type)
{
    /// <summary>
    /// The newest version of the licence with this identifier (a re-issued licence is answered by its
    /// successor), or null (also for identifiers too long to be one).
    /// </summary>
    public static async Task<StoredLicence?> FindAsync(LicenceStore licences, ProvinceCatalogue catalogue, string id)
    {
        var record = id.Length <= LicenceIdentifier.MaxLength ? await licences.FindNewestAsync(id) : null;
        var types = record is null ? null : await catalogue.GetAsync();
        // The type is the one the QR carries (the record's own type field is not signed) and must agree with it.
        return record is not null && QrPayloadCodec.TryDecode(record.Qr, DecodeLimits.Default, out var decoded, out _)
               && types!.Find(decoded.Payload.TypeCode, decoded.Payload.TypeVersion) is { } type && type.Key == record.Type
            ? new StoredLicence(record, decoded.Payload, type)
            : null;
    }

    /// <summary>
    /// Verifies the stored licence before <paramref name="use"/> signs something from it (DESIGN §13).
    /// Null when it holds (or fails only on its validity dates, which the caller judges); otherwise a
    /// 409 Problem Details, and the refusal is audited, counted and logged at error.
    /// </summary>
    public async Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> UnverifiedAsync(StoredLicenceCheck check, AuditLog audit, string use, string by)
    {
        var outcome = check.Check(Record);
        if ((outcome.Passed || outcome.OutsideValidity) && Payload.Kind == PayloadKind.Licence
            && LicenceContentValidator.Validate(Type, Payload.Holder, Payload.Fields, Payload.ValidFrom, Payload.ValidUntil).FirstOrDefault() is { } broken)
        {
            // Signed by this province but not what its type's definition allows (the check a verifier runs last): never signed again.
            outcome = new StoredLicenceCheck.Outcome(false, ReasonCatalogue.Create(ReasonCode.ContentInvalid, broken.Message, broken.MessageZh), outcome.Prepared);
        }

        if (outcome.Passed || outcome.OutsideValidity)
        {
            return null;
        }

        check.Refused(Record, outcome.Failure, use);
        var code = outcome.Failure is { } failure ? Reason.CodeText(failure.Code) : "unknown";
        await audit.AppendAsync(new AuditRecord(check.Now, by, "stored-licence-refused", Record.Id, $"{use}: {code}")).ConfigureAwait(false);
        return HttpProblems.Create(StatusCodes.Status409Conflict, "stored-licence-unverified",
            "The stored licence failed verification.", "存储的证照未通过核验。",
            $"The stored record of this licence does not verify ({code}); nothing was signed from it. The incident is recorded; ask the issuing authority.",
            $"该证照的存储记录未通过核验（{code}），未据此签发任何内容。此事已记录，请联系发证机关。");
    }
}
