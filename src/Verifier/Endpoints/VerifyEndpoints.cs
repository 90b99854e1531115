using System.Security.Claims;
using ELicense.Core.Licenses;
using ELicense.Core.Verification;
using ELicense.Verifier.Verification;

namespace ELicense.Verifier.Endpoints;

/// <summary>
/// <c>POST /api/v1/verify</c> for department systems (role verifier): a QR text, a picture of a QR
/// code or a licence PDF, and the purpose of the check (用证事由) in, the verdict of DESIGN §9 out.
/// A licence that fails is a 200 with its verdict; a malformed request, or a file with nothing to
/// verify in it, is a 4xx. Every verdict leaves a usage trace.
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
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(429);
        return app;
    }

    private static async Task<IResult> Verify(
        HttpRequest request, ClaimsPrincipal user, LicenceVerifier verifier, UsageTrace trace, Observability.VerificationMetrics metrics, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var cancellationToken = request.HttpContext.RequestAborted;
        var (input, purpose, problem) = await VerifyRequestReader.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return Results.Problem(problem);
        }

        var outcome = await verifier.VerifyAsync(input!, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            return Results.Problem(HttpProblems.Create(StatusCodes.Status422UnprocessableEntity, refusal.Code,
                "Nothing to verify was found in the file.", "文件中没有可核验的内容。", refusal.Message, refusal.MessageZh,
                [new FieldError("file", refusal.Code, refusal.Message, refusal.MessageZh)]));
        }

        var verdict = outcome.Verdict!;
        metrics.Record(verdict, time.GetElapsedTime(started));
        trace.Record(user.FindFirst("sub")?.Value ?? "-", purpose, outcome.Identifier, VerdictKindJsonConverter.Name(verdict.Kind), verdict.FirstReason is { } reason ? Reason.CodeText(reason.Code) : null, time.GetUtcNow());
        return Results.Json(verdict, ApiJson.Options);
    }
}
