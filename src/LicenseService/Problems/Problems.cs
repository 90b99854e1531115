using ELicense.Core.Licenses;
using Microsoft.AspNetCore.Mvc;

namespace ELicense.LicenseService.Problems;

/// <summary>The Problem Details only LicenseService answers; the shared ones are in <see cref="HttpProblems"/>.</summary>
public static class Problems
{
    public static ProblemDetails Conflict() => HttpProblems.Create(
        StatusCodes.Status409Conflict, "idempotency-conflict", "The idempotency key was used for another request.", "幂等键已用于其他请求。",
        "Send a new Idempotency-Key for a new licence, or repeat the original request exactly.", "新证照请使用新的幂等键，重试请原样重发原请求。",
        Issuance.IssueResult.ConflictErrors);

    public static ProblemDetails NotFound(string what) => HttpProblems.Create(
        StatusCodes.Status404NotFound, "not-found", "Not found.", "未找到。", $"No {what} with this identifier is visible to the caller.", "未找到该证照，或当前令牌无权查看。");

    public static ProblemDetails StoreUnavailable() => HttpProblems.Create(
        StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The licence store is unavailable.", "证照库暂不可用。",
        "Nothing was issued. Retry later with the same Idempotency-Key; it will be issued exactly once.",
        "本次未签发任何证照。请稍后使用相同的幂等键重试，证照只会签发一次。");
}
