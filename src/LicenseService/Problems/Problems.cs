using ELicense.Core.Licenses;
using Microsoft.AspNetCore.Mvc;

namespace ELicense.LicenseService.Problems;

/// <summary>The Problem Details only LicenseService answers; the shared ones are in <see cref="HttpProblems"/>.</summary>
public static class Problems
{
    public static ProblemDetails Conflict() => HttpProblems.Create(
        StatusCodes.Status409Conflict, "idempotency-conflict", "The idempotency key was used for another request.", "幂等键已用于其他请求。",
        "Send a new Idempotency-Key for a new licence, or repeat the original request exactly.", "新证照请使用新的幂等键，重试请原样重发原请求。",
        ConflictErrors);

    /// <summary>The field error of an idempotency key used before for a different request.</summary>
    public static readonly IReadOnlyList<FieldError> ConflictErrors =
    [
        new("Idempotency-Key", "conflict", "The idempotency key was already used for a different request.", "该幂等键已用于内容不同的请求。"),
    ];

    public static ProblemDetails NotFound(string what) => HttpProblems.Create(
        StatusCodes.Status404NotFound, "not-found", "Not found.", "未找到。", $"No {what} with this identifier is visible to the caller.", "未找到该证照，或当前令牌无权查看。");

    /// <summary>
    /// The 503 of a store failure, in words that fit what the request was doing and what is known of
    /// its effect (see <see cref="Storage.StoreFailures"/>; <see cref="Storage.IssueStoreException"/> says whether the licence is stored).
    /// </summary>
    public static ProblemDetails StoreUnavailable(HttpRequest request, Exception failure)
    {
        var path = request.Path.Value ?? "";
        var (detail, detailZh) = (request.Method, path) switch
        {
            ("POST", "/api/v1/licences") when !request.Headers.ContainsKey("Idempotency-Key") => (failure as Storage.IssueStoreException)?.Stored(0) switch
            {
                true => ($"The licence {((Storage.IssueStoreException)failure).Identifier(0)} was stored but could not be confirmed; read it with GET /api/v1/licences/{{id}}. "
                         + "Do not resend the request: without an Idempotency-Key that issues a second licence.",
                    $"证照 {((Storage.IssueStoreException)failure).Identifier(0)} 已存储但未能确认，请用 GET /api/v1/licences/{{id}} 查询。请勿重发：未带幂等键的重发会签发第二张证照。"),
                null => ("It is not known whether the licence was stored. A resend without an Idempotency-Key may issue a second licence: look the holder's licences up first, and send an Idempotency-Key next time.",
                    "无法确定证照是否已存储。未带幂等键的重发可能签发第二张证照：请先查询持证人的证照，今后请携带幂等键。"),
                false => ("Nothing was issued. Retry later; send an Idempotency-Key so that a retry never issues twice.",
                    "本次未签发任何证照。请稍后重试，并携带幂等键以免重复签发。"),
            },
            ("POST", "/api/v1/licences") => (failure as Storage.IssueStoreException)?.Stored(0) switch
            {
                true => ("The licence was stored but could not be confirmed. Retry with the same Idempotency-Key to receive it; it is issued once.",
                    "证照已存储但未能确认。请使用相同的幂等键重试以取得该证照，证照只签发一次。"),
                null => ("It is not known whether the licence was stored. Retry with the same Idempotency-Key: you receive it, issued exactly once.",
                    "无法确定证照是否已存储。请使用相同的幂等键重试，证照只会签发一次。"),
                false => ("Nothing was issued. Retry later with the same Idempotency-Key; it will be issued exactly once.",
                    "本次未签发任何证照。请稍后使用相同的幂等键重试，证照只会签发一次。"),
            },
            ("POST", _) when path.StartsWith("/api/v1/licences/", StringComparison.Ordinal) =>
                ("The status change was not confirmed. Read the licence's status before repeating it: a change already made answers 409.",
                    "状态变更未能确认。重试前请先查询证照状态；已完成的变更重试时返回 409。"),
            (_, _) when path.StartsWith("/api/v1/keys", StringComparison.Ordinal) && request.Method != "GET" =>
                ("The key command was not confirmed and may have taken effect. List the keys and repeat the command only if its change is not there.",
                    "密钥操作未能确认，可能已经生效。请先列出密钥，仅在变更未出现时重试。"),
            ("GET" or "HEAD", _) => ("Nothing was changed. Retry later.", "未做任何更改，请稍后重试。"),
            _ => ("The change was not confirmed. Repeat the same request later: an identical request is stored once.",
                "变更未能确认。请稍后原样重发：相同的请求只会保存一次。"),
        };
        return HttpProblems.Create(StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The licence store is unavailable.", "证照库暂不可用。", detail, detailZh);
    }
}
