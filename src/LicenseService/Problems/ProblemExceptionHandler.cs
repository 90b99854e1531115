using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace ELicense.LicenseService.Problems;

/// <summary>
/// Turns a store outage into 503 Problem Details with Retry-After, and any other unhandled
/// exception into a 500 that names no internals. Nothing was returned to the caller before, so
/// a retry is safe; the idempotency key makes it issue exactly once.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }

        Microsoft.AspNetCore.Mvc.ProblemDetails problem;
        if (exception is Storage.IssueStoreException || Storage.StoreFailures.IsStoreFailure(exception))
        {
            logger.LogWarning("Store unavailable for {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, exception.Message);
            problem = Problems.StoreUnavailable(context.Request, exception);
            context.Response.Headers.RetryAfter = "5";
        }
        else if (exception is Storage.UnreadableRecordException unreadable)
        {
            logger.LogError("Refused {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, unreadable.Message);
            problem = HttpProblems.Create(StatusCodes.Status409Conflict, "stored-licence-unverified", "The stored licence failed verification.", "存储的证照未通过核验。",
                "The stored record of this licence is not one this service sealed (record-seal); nothing was signed from it. The incident is logged; ask the issuing authority.",
                "该证照的存储记录并非本服务封存（record-seal），未据此签发任何内容。此事已记录，请联系发证机关。");
        }
        else if (exception is Keys.NoSigningKeyException)
        {
            logger.LogWarning("No active signing key for {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, exception.Message);
            problem = HttpProblems.Create(StatusCodes.Status503ServiceUnavailable, "no-signing-key", "No signing key is active at this moment.", "当前没有可用的签名密钥。",
                "A revoked key is being replaced. Nothing was issued; retry shortly with the same Idempotency-Key.", "被吊销的密钥正在替换，本次未签发，请稍后使用相同的幂等键重试。");
            context.Response.Headers.RetryAfter = "10";
        }
        else if (exception is BadHttpRequestException bad)
        {
            problem = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? HttpProblems.TooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0)
                : HttpProblems.Create(bad.StatusCode, "bad-request", "The request is malformed.", "请求格式错误。", bad.Message, "请求格式错误。");
        }
        else
        {
            logger.LogError(exception, "Unhandled error for {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = HttpProblems.Create(StatusCodes.Status500InternalServerError, "internal", "An internal error occurred.", "服务内部错误。",
                "The error was logged with the request's trace identifier.", "错误已记录。");
        }

        problem.Extensions["traceId"] = context.TraceIdentifier;
        context.Response.StatusCode = problem.Status!.Value;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, ApiJson.Options, cancellationToken);
        return true;
    }
}
