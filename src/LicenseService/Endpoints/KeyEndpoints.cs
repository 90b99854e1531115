using System.Security.Claims;
using ELicense.Core.Crypto;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// Key administration (role admin): list the keys, rotate now or at a chosen time, revoke after a
/// compromise, read the audit log. Every change is recorded with the administrator's token subject.
/// A request that cannot be carried out changes nothing and answers Problem Details.
/// </summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/keys").WithTags("Keys").RequireAuthorization(AuthSetup.AdminPolicy);
        keys.MapGet("", List).WithSummary("Every document-signer key with state and dates (签名密钥列表)");
        keys.MapPost("/rotations", Rotate).WithSummary("Make a new key now or for a chosen activation time (轮换密钥)")
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);
        keys.MapPost("/{kid}/revoke", Revoke).WithSummary("Revoke a key after a compromise (吊销密钥)")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413);
        keys.MapGet("/audit", Audit).WithSummary("The key audit log, newest last (密钥审计日志)").ProducesProblem(400);
        keys.MapGet("/reissues", Reissues).WithSummary("Re-issue jobs after key compromises, newest first, with progress (换发进度)");
        keys.MapGet("/{kid}/reissue", Reissue).WithSummary("The re-issue job of one compromised key (换发进度)").ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<KeyList>> List(KeyManager keys)
    {
        await keys.RefreshAsync();
        var snapshot = keys.Snapshot;
        return TypedResults.Ok(new KeyList(snapshot.Sequence, [.. snapshot.Keys.OrderBy(k => k.CreatedAt).Select(KeyView.Of)]));
    }

    private static async Task<Results<Created<KeyView>, ProblemHttpResult>> Rotate(HttpRequest request, ClaimsPrincipal user, KeyManager keys)
    {
        var (body, problem) = await RequestBody.ReadAsync<RotationRequest>(request, 4_096, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        KeyFamily? family = body!.Family?.ToUpperInvariant() switch { "SM2" => KeyFamily.Sm2, "RSA" => KeyFamily.Rsa, _ => null };
        if (family is null)
        {
            return TypedResults.Problem(HttpProblems.Validation([new FieldError("family", "invalid", "family must be SM2 or RSA.", "family 须为 SM2 或 RSA。")]));
        }

        var (made, refused) = await Run(() => keys.RotateAsync(family.Value, body.ActivateAt, Caller.From(user).Subject, request.HttpContext.RequestAborted));
        return made is not null ? TypedResults.Created($"/api/v1/keys/{made.Kid}", KeyView.Of(made)) : refused!;
    }

    private static async Task<Results<Ok<KeyView>, ProblemHttpResult>> Revoke(string kid, HttpRequest request, ClaimsPrincipal user, KeyManager keys)
    {
        var (body, problem) = await RequestBody.ReadAsync<RevocationRequest>(request, 4_096, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        if (RequestBody.CheckReason(body!.Reason, out var reason) is { } bad)
        {
            return TypedResults.Problem(bad);
        }

        var (revoked, refused) = await Run(() => keys.RevokeAsync(kid, reason, body.CompromisedAt, Caller.From(user).Subject, request.HttpContext.RequestAborted));
        return revoked is not null ? TypedResults.Ok(KeyView.Of(revoked)) : refused!;
    }

    private static async Task<Results<Ok<IReadOnlyList<KeyAuditRecord>>, ProblemHttpResult>> Audit(KeyManager keys, int? count)
    {
        var wanted = count ?? 100;
        if (wanted is < 1 or > 10_000)
        {
            return TypedResults.Problem(HttpProblems.Validation([new FieldError("count", "out_of_range", "count must lie between 1 and 10000.", "count 须在 1 至 10000 之间。")]));
        }

        return TypedResults.Ok(await keys.AuditAsync(wanted));
    }

    private static async Task<Ok<List<ReissueView>>> Reissues(ReissueJobStore jobs, TimeProvider time) =>
        TypedResults.Ok((await jobs.AllAsync()).Select(j => ReissueView.Of(j, time.GetUtcNow())).ToList());

    private static async Task<Results<Ok<ReissueView>, ProblemHttpResult>> Reissue(string kid, ReissueJobStore jobs, TimeProvider time) =>
        await jobs.FindAsync(kid) is { } job
            ? TypedResults.Ok(ReissueView.Of(job, time.GetUtcNow()))
            : TypedResults.Problem(HttpProblems.Create(404, "reissue-not-found", "No re-issue job for this key.", "该密钥没有换发任务。",
                $"Key '{kid}' has no re-issue job: it was not revoked, or the revocation is being recorded.", $"密钥 {kid} 没有换发任务：未被吊销，或吊销正在记录中。"));

    /// <summary>The key change's result, or the problem that says why it was refused (and that nothing changed).</summary>
    private static async Task<(StoredKey? Key, ProblemHttpResult? Refused)> Run(Func<Task<StoredKey>> action)
    {
        try
        {
            return (await action(), null);
        }
        catch (KeyAdminException e)
        {
            var errors = e.Field.Length == 0 ? null : new[] { new FieldError(e.Field, e.Code, e.Message, e.MessageZh) };
            var status = e.Refusal switch
            {
                KeyAdminRefusal.UnknownKey => StatusCodes.Status404NotFound,
                KeyAdminRefusal.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return (null, TypedResults.Problem(HttpProblems.Create(status, "key-" + e.Code.Replace('_', '-'), "The key change was refused; nothing changed.",
                "密钥操作被拒绝，未做任何更改。", e.Message, e.MessageZh, errors)));
        }
    }
}

/// <summary>The body of a rotation: the family, and optionally when the new key is to start signing.</summary>
public sealed record RotationRequest(string? Family, DateTimeOffset? ActivateAt);

/// <summary>The body of a revocation: why, and since when the key must be taken as compromised (absent: everything it signed).</summary>
public sealed record RevocationRequest(string? Reason, DateTimeOffset? CompromisedAt);

/// <summary>The key list with the key set's sequence number (that of the trust list).</summary>
public sealed record KeyList(long Sequence, IReadOnlyList<KeyView> Keys);

/// <summary>A key as administrators see it: never the private key, only whether it is still held.</summary>
public sealed record KeyView(
    string Kid, string Family, string Purpose, string State, DateTimeOffset CreatedAt, DateTimeOffset ActivateAt, DateTimeOffset? ActivatedAt,
    DateTimeOffset? RetiredAt, DateTimeOffset? RevokedAt, DateTimeOffset? CompromisedAt, string? RevocationReason, DateTimeOffset NotBefore, DateTimeOffset NotAfter,
    bool PrivateKeyHeld, DateTimeOffset? PrivateKeyErasedAt)
{
    public static KeyView Of(StoredKey key) => new(
        key.Kid, key.Family.ToString().ToUpperInvariant(), key.Purpose == SignerPurposeKind.DocumentSigner ? "document-signer" : "trust-list-signer",
        key.State.ToString().ToLowerInvariant(), key.CreatedAt, key.ActivateAt, key.ActivatedAt, key.RetiredAt, key.RevokedAt, key.CompromisedAt,
        key.RevocationReason, key.NotBefore, key.NotAfter, key.HasPrivateKey, key.PrivateKeyErasedAt);
}

/// <summary>A re-issue job's progress: counts, rate (licences looked at per second of work) and the estimated time left.</summary>
public sealed record ReissueView(
    string Kid, string State, DateTimeOffset From, DateTimeOffset StartAt, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    long Total, long Examined, long Reissued, long Already, long Unaffected, long Refused, double RatePerSecond, double? SecondsLeft)
{
    public static ReissueView Of(ReissueJob job, DateTimeOffset now)
    {
        var worked = ((job.FinishedAt ?? now) - (job.FirstWorkAt ?? now)).TotalSeconds;
        var rate = worked > 0 ? job.Examined / worked : 0;
        double? left = job.State == "done" ? 0 : rate > 0 ? Math.Max(0, job.Total - job.Examined) / rate : null;
        return new(job.Kid, job.State, job.From, job.StartAt, job.StartedAt, job.FinishedAt, job.Total, job.Examined, job.Reissued, job.Already,
            job.Unaffected, job.Refused, Math.Round(rate, 1), left is { } l ? Math.Round(l, 1) : null);
    }
}
