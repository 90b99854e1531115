using ELicense.Core.Licenses;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Issuance;

/// <summary>The result of one issue request: the licence, or why there is none.</summary>
public sealed record IssueResult(IssueOutcome Outcome, LicenceRecord? Licence, IReadOnlyList<FieldError> Errors)
{
    public static IssueResult Invalid(IReadOnlyList<FieldError> errors) => new(IssueOutcome.Invalid, null, errors);

    public static IssueResult Forbidden(string typeKey) => new(IssueOutcome.Forbidden, null,
        [new FieldError("type", "forbidden", $"The token may not issue licences of type '{typeKey}'.", $"该令牌无权签发“{typeKey}”类证照。")]);

    public static IssueResult ForbiddenAuthority(string? authority) => new(IssueOutcome.Forbidden, null,
        [new FieldError("authority", "forbidden",
            authority is null ? "The token acts for no registered issuing authority." : $"The token may not issue as authority '{authority}'.",
            authority is null ? "该令牌所属的发证机关未登记。" : $"该令牌无权以发证机关“{authority}”的名义签发。")]);

    public static IssueResult Unverified(string id) => new(IssueOutcome.Unverified, null,
        [new FieldError("$", "stored-licence-unverified",
            $"The store holds a record under {id} that this service did not seal; nothing was answered from it. The incident is logged.",
            $"证照库中 {id} 的记录并非本服务封存，未据此作答。此事已记录。")]);
}
