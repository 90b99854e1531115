using System.Security.Claims;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.Verifier.Documents;
using ELicense.Verifier.Verification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELicense.Verifier.Endpoints;

/// <summary>
/// <c>POST /api/v1/verify</c> for department systems (role verifier): a QR text, a picture of a QR
/// code or a licence PDF, and the purpose of the check (用证事由) in, the verdict of DESIGN §9 out.
/// A licence that fails is a 200 with its verdict; a malformed request, or a file with nothing to
/// verify in it, is a 4xx. Every verdict leaves a usage trace. Pictures and PDFs pass the
/// <see cref="UploadLimiter"/>: a caller with too many in hand gets a 429, a full queue a 503, both
/// with <c>Retry-After</c>; QR texts are answered at once whatever uploads are in work.
/// </summary>
public static class VerifyEndpoints
{
    public const string VerifierPolicy = "verifier";
    public const string RatePolicy = "per-caller";

    public static IEndpointRouteBuilder MapVerifyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/verify", Verify).WithTags("Verify").RequireAuthorization(VerifierPolicy).RequireRateLimiting(RatePolicy)
            .WithSummary("Verify a QR text, a picture of a QR code or a licence PDF (核验电子证照)")
            .Produces<Verdict>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(429).ProducesProblem(503);
        return app;
    }

    private static async Task<Results<JsonHttpResult<Verdict>, ProblemHttpResult>> Verify(
        HttpRequest request, ClaimsPrincipal user, LicenceVerifier verifier, UploadLimiter uploads, UsageTrace trace, Observability.VerificationMetrics metrics, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var cancellationToken = request.HttpContext.RequestAborted;
        var caller = user.FindFirst("sub")?.Value ?? request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "-";

        // A form too large for a QR text is an upload: it takes one of the caller's places before it is received,
        // so a caller with all its places in hand is refused without the Verifier reading (and holding) the file.
        var upload = VerifyRequestReader.IsUpload(request);
        var own = upload ? uploads.TryEnter(caller) : null;
        try
        {
            if (upload && own is null)
            {
                return Busy(request.HttpContext.Response, StatusCodes.Status429TooManyRequests, uploads.Settings);
            }

            var (input, purpose, problem) = await VerifyRequestReader.ReadAsync(request, cancellationToken);
            if (problem is not null)
            {
                return TypedResults.Problem(problem);
            }

            VerificationOutcome outcome;
            if (input is VerificationInput.Text)
            {
                own?.Dispose();
                own = null;
                outcome = await verifier.VerifyAsync(input, cancellationToken);
            }
            else
            {
                own ??= uploads.TryEnter(caller);
                if (own is null)
                {
                    return Busy(request.HttpContext.Response, StatusCodes.Status429TooManyRequests, uploads.Settings);
                }

                using var place = await uploads.WaitForPlaceAsync(cancellationToken);
                if (place is null)
                {
                    return Busy(request.HttpContext.Response, StatusCodes.Status503ServiceUnavailable, uploads.Settings);
                }

                outcome = await UploadLimiter.RunAsync(() => verifier.VerifyAsync(input!, cancellationToken), cancellationToken);
            }

            return Answer(outcome, purpose, user, trace, metrics, time, started);
        }
        finally
        {
            own?.Dispose();
        }
    }

    private static Results<JsonHttpResult<Verdict>, ProblemHttpResult> Answer(
        VerificationOutcome outcome, string purpose, ClaimsPrincipal user, UsageTrace trace, Observability.VerificationMetrics metrics, TimeProvider time, long started)
    {
        if (outcome.Refusal is { } refusal)
        {
            return TypedResults.Problem(HttpProblems.Create(StatusCodes.Status422UnprocessableEntity, refusal.Code,
                "Nothing to verify was found in the file.", "文件中没有可核验的内容。", refusal.Message, refusal.MessageZh,
                [new FieldError("file", refusal.Code, refusal.Message, refusal.MessageZh)]));
        }

        var verdict = outcome.Verdict!;
        metrics.Record(verdict, time.GetElapsedTime(started));
        trace.Record(user.FindFirst("sub")?.Value ?? "-", purpose, outcome.Identifier, VerdictKindJsonConverter.Name(verdict.Kind), verdict.FirstReason is { } reason ? Reason.CodeText(reason.Code) : null, time.GetUtcNow());
        return TypedResults.Json(verdict, ApiJson.Options);
    }

    /// <summary>The answer to a picture or PDF that was not let in: 429 for the caller's own limit, 503 for a full queue.</summary>
    private static ProblemHttpResult Busy(HttpResponse response, int status, Configuration.UploadOptions settings)
    {
        if (status == StatusCodes.Status429TooManyRequests)
        {
            response.Headers.RetryAfter = "1";
            return TypedResults.Problem(HttpProblems.Create(StatusCodes.Status429TooManyRequests, "too-many-uploads",
                "Too many pictures or PDFs from this caller at once.", "该调用方同时提交的图片或 PDF 过多。",
                $"At most {settings.MaxConcurrentPerCaller} pictures or PDFs of one caller are checked at a time; send the next when one is answered. QR texts are not limited so.",
                $"同一调用方同时最多核验 {settings.MaxConcurrentPerCaller} 个图片或 PDF，请在其中一个返回后再提交；二维码内容不受此限。"));
        }

        response.Headers.RetryAfter = "2";
        return TypedResults.Problem(HttpProblems.Create(StatusCodes.Status503ServiceUnavailable, "uploads-busy",
            "The Verifier is busy with pictures and PDFs.", "核验服务正忙于处理图片和 PDF。",
            $"All {settings.MaxConcurrent} places for pictures and PDFs and the {settings.QueueLimit} places of the queue are taken; retry in a few seconds. QR texts are still answered at once.",
            $"图片和 PDF 的 {settings.MaxConcurrent} 个处理位置与 {settings.QueueLimit} 个排队位置均已占满，请数秒后重试；二维码内容仍可即时核验。"));
    }
}
