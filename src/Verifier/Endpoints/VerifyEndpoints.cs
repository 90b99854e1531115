using System.Security.Claims;
using ELicense.Core.Licenses;
using ELicense.Core.Verification;
using ELicense.Verifier.Verification;

namespace ELicense.Verifier.Endpoints;

/// <summary>
/// <c>POST /api/v1/verify</c> for department systems (role verifier): a QR text and the purpose of
/// the check (用证事由) in, the verdict of DESIGN §9 out. A licence that fails is a 200 with its
/// verdict; only a malformed request is a 4xx. Every call leaves a usage trace.
/// </summary>
public static class VerifyEndpoints
{
    public const string VerifierPolicy = "verifier";
    public const string RatePolicy = "per-caller";
    public const int MaxBodyBytes = 16_384;
    public const int MaxTextLength = 8_192;
    public const int MaxPurposeLength = 100;

    public static IEndpointRouteBuilder MapVerifyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/verify", Verify).WithTags("Verify").RequireAuthorization(VerifierPolicy).RequireRateLimiting(RatePolicy)
            .WithSummary("Verify a licence or presentation QR text (核验电子证照)").Produces<Verdict>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);
        return app;
    }

    private static async Task<IResult> Verify(
        HttpRequest request, ClaimsPrincipal user, LicenceVerifier verifier, UsageTrace trace, Observability.VerificationMetrics metrics, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var (body, problem) = await RequestBody.ReadAsync<VerifyRequest>(request, MaxBodyBytes, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return Results.Problem(problem);
        }

        var errors = new List<FieldError>();
        var purpose = body!.Purpose?.Trim() ?? "";
        if (purpose.Length is 0 or > MaxPurposeLength)
        {
            errors.Add(new FieldError("purpose", purpose.Length == 0 ? "required" : "too_long",
                $"The purpose of the check (1 to {MaxPurposeLength} characters) is required.", $"须填写 1 至 {MaxPurposeLength} 个字的用证事由。"));
        }

        if (string.IsNullOrEmpty(body.Qr) || body.Qr.Length > MaxTextLength)
        {
            errors.Add(new FieldError("qr", string.IsNullOrEmpty(body.Qr) ? "required" : "too_long",
                $"The QR text (1 to {MaxTextLength} characters) is required.", $"须提供二维码内容（1 至 {MaxTextLength} 个字符）。"));
        }

        if (errors.Count > 0)
        {
            return Results.Problem(HttpProblems.Validation(errors));
        }

        var (verdict, identifier) = await verifier.VerifyAsync(body.Qr!, request.HttpContext.RequestAborted);
        metrics.Record(verdict, time.GetElapsedTime(started));
        trace.Record(user.FindFirst("sub")?.Value ?? "-", purpose, identifier, VerdictKindJsonConverter.Name(verdict.Kind), verdict.FirstReason is { } reason ? Reason.CodeText(reason.Code) : null, time.GetUtcNow());
        return Results.Json(verdict, ApiJson.Options);
    }
}

/// <summary>The body of a verification: the scanned text and why it is checked.</summary>
public sealed record VerifyRequest(string? Qr, string? Purpose);
