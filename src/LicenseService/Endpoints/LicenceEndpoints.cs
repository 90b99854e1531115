using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Endpoints;

/// <summary>Issuing and reading licences: <c>/api/v1/licences</c>.</summary>
public static class LicenceEndpoints
{
    /// <summary>The longest idempotency key accepted (Stripe's limit as well).</summary>
    public const int MaxIdempotencyKeyLength = 255;

    public static IEndpointRouteBuilder MapLicenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/licences").WithTags("Licences");
        group.MapPost("", Issue).RequireAuthorization(AuthSetup.IssuerPolicy)
            .WithSummary("Issue a licence (签发证照)").Accepts<IssueRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(503);
        // Google AIP-136 custom method: the colon belongs to the collection's segment, so it is mapped outside the group.
        app.MapPost("/api/v1/licences:batch", BatchEndpoint.Issue).WithTags("Licences").RequireAuthorization(AuthSetup.IssuerPolicy)
            .WithSummary("Issue licences from NDJSON, one result line per input line (批量签发)").Accepts<IssueRequest>("application/x-ndjson")
            .Produces(200, contentType: "application/x-ndjson").ProducesProblem(400).ProducesProblem(401).ProducesProblem(503);
        group.MapGet("{id}", Get).RequireAuthorization(AuthSetup.ReaderPolicy).WithSummary("A licence (查询证照)").ProducesProblem(401).ProducesProblem(404);
        group.MapGet("{id}/pdf", GetPdf).RequireAuthorization(AuthSetup.ReaderPolicy)
            .WithSummary("The signed PDF (证照 PDF)").Produces(200, contentType: "application/pdf").ProducesProblem(404);
        group.MapGet("{id}/qr", GetQr).RequireAuthorization(AuthSetup.ReaderPolicy)
            .WithSummary("The QR image, format=png or svg (二维码)").Produces(200, contentType: "image/png").ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<Results<Created<IssuedLicence>, Ok<IssuedLicence>, ProblemHttpResult>> Issue(
        HttpRequest request, ClaimsPrincipal user, LicenceIssuer issuer, IOptions<IssuanceOptions> options, CancellationToken cancellation)
    {
        var (body, problem) = await RequestBody.ReadAsync<IssueRequest>(request, options.Value.MaxRequestBytes, cancellation);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        if (!TryIdempotencyKey(request, out var key, out var keyProblem))
        {
            return TypedResults.Problem(keyProblem);
        }

        var result = await issuer.IssueAsync(body! with { IdempotencyKey = null }, Caller.From(user), key);
        return result.Outcome switch
        {
            IssueOutcome.Issued => TypedResults.Created(LicenceLinks.For(result.Licence!.Id).Self, Issued(result.Licence)),
            IssueOutcome.Replayed => TypedResults.Ok(Issued(result.Licence!)),
            IssueOutcome.Conflict => TypedResults.Problem(Problems.Problems.Conflict()),
            IssueOutcome.Unverified => TypedResults.Problem(HttpProblems.Create(StatusCodes.Status409Conflict, "stored-licence-unverified", "The stored licence failed verification.",
                "存储的证照未通过核验。", result.Errors[0].Message, result.Errors[0].MessageZh)),
            IssueOutcome.Forbidden => TypedResults.Problem(HttpProblems.Forbidden(result.Errors)),
            _ => TypedResults.Problem(HttpProblems.Validation(result.Errors)),
        };
    }

    private static async Task<Results<Ok<LicenceView>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, LicenceStore licences, AuditLog audit, ProvinceCatalogue catalogue, AuthorityRegistry authorities, TimeProvider time)
    {
        var found = await FindVisible(id, user, licences, audit, catalogue, authorities, time);
        return found is not null ? TypedResults.Ok(LicenceView.From(found.Record, found.Payload, found.Type)) : NotFound();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPdf(string id, ClaimsPrincipal user, LicenceStore licences, AuditLog audit, ProvinceCatalogue catalogue, AuthorityRegistry authorities, TimeProvider time, LicencePdfService pdfs, StoredLicenceCheck check)
    {
        var found = await FindVisible(id, user, licences, audit, catalogue, authorities, time);
        if (found is not { } licence)
        {
            return NotFound();
        }

        // The PDF is signed now: only from a record that verifies (an expired licence's PDF still says EXPIRED wherever it is checked).
        if (await licence.UnverifiedAsync(check, audit, "pdf", Caller.From(user).Subject) is { } refused)
        {
            return TypedResults.Problem(refused);
        }

        var seal = (await authorities.GetAsync()).GetValueOrDefault(licence.Payload.Issuer.AuthorityCode);
        // The ring is the signed issuer name unless the authority registered a seal text of its own.
        var pdf = pdfs.Render(licence.Payload, licence.Type, licence.Record.Qr, seal?.Seal?.Ring, seal?.SealCentre);
        return TypedResults.File(pdf, "application/pdf", $"{licence.Type.Key}-{licence.Record.Id}.pdf");
    }

    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> GetQr(string id, string? format, ClaimsPrincipal user, LicenceStore licences, AuditLog audit, ProvinceCatalogue catalogue, AuthorityRegistry authorities, TimeProvider time)
    {
        if (format is not (null or "png" or "svg"))
        {
            return TypedResults.Problem(HttpProblems.Validation(
                [new FieldError("format", "choice", "format must be png or svg.", "format 只能是 png 或 svg。")]));
        }

        var found = await FindVisible(id, user, licences, audit, catalogue, authorities, time);
        if (found is not { } licence)
        {
            return NotFound();
        }

        return format == "svg"
            ? TypedResults.Text(QrMatrix.Create(licence.Record.Qr).ToSvg(), "image/svg+xml")
            : TypedResults.File(QrMatrix.ToPng(licence.Record.Qr), "image/png");
    }

    /// <summary>
    /// The licence when the caller may read it (its issuing authority's issuers of the type, admins, its holder); another
    /// authority's is not found. A read by an issuer or an admin is written to the access log: who, when, which licence and
    /// what was read, never its content.
    /// </summary>
    private static async Task<StoredLicence?> FindVisible(
        string id, ClaimsPrincipal user, LicenceStore licences, AuditLog audit, ProvinceCatalogue catalogue, AuthorityRegistry authorities, TimeProvider time,
        [System.Runtime.CompilerServices.CallerMemberName] string what = "")
    {
        var found = await StoredLicence.FindAsync(licences, catalogue, id);
        var caller = Caller.From(user);
        if (found is null || !caller.MayRead(found.Type.Key, found.Payload.Holder.IdNumber, found.Payload.Issuer.AuthorityCode, authorities.Default.Code))
        {
            return null;
        }

        // Only access an issuer or an admin was granted is logged: a holder reading her own is not (her subject is her ID number).
        var authority = found.Payload.Issuer.AuthorityCode;
        if (caller.MayManage(found.Type.Key, authority, authorities.Default.Code))
        {
            var by = caller.Roles.Contains(Auth.Roles.Admin) ? "admin" : $"issuer for {caller.Authority ?? authorities.Default.Code}";
            await audit.AppendAsync(new AuditRecord(time.GetUtcNow(), caller.Subject, "licence-read", found.Record.Id,
                $"{what.ToLowerInvariant()} of a licence of {authority}, as {by}"));
        }

        return found;
    }

    private static IssuedLicence Issued(LicenceRecord record)
    {
        QrPayloadCodec.TryDecode(record.Qr, DecodeLimits.Default, out var decoded, out _);
        return IssuedLicence.From(record, decoded!.Payload);
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(Problems.Problems.NotFound("licence"));

    /// <summary>The Idempotency-Key header: absent, or 1–255 visible ASCII characters.</summary>
    internal static bool TryIdempotencyKey(HttpRequest request, out string? key, [NotNullWhen(false)] out ProblemDetails? problem)
    {
        key = null;
        problem = null;
        if (!request.Headers.TryGetValue("Idempotency-Key", out var values))
        {
            return true;
        }

        var value = values.Count == 1 ? values[0] : null;
        if (value is null || value.Length is 0 or > MaxIdempotencyKeyLength || !value.All(c => c is >= '!' and <= '~'))
        {
            problem = HttpProblems.Validation([new FieldError("Idempotency-Key", "format",
                $"Idempotency-Key must be one value of 1 to {MaxIdempotencyKeyLength} visible ASCII characters.",
                $"Idempotency-Key 须为 1 至 {MaxIdempotencyKeyLength} 个可见 ASCII 字符。")]);
            return false;
        }

        key = value;
        return true;
    }
}
