using System.Security.Claims;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Status;
using ELicense.LicenseService.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// Revoking, suspending and reinstating licences, and the public signed status lists. The list
/// route takes nothing but the list's name and no credentials, so fetching a list tells the
/// province nothing about which licence is being checked (herd privacy, DESIGN §6).
/// </summary>
public static class StatusEndpoints
{
    /// <summary>The media type of a CWT Status List Token (draft-ietf-oauth-status-list).</summary>
    public const string TokenMediaType = StatusListTokenCodec.Type;

    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        var licences = app.MapGroup("/api/v1/licences/{id}").WithTags("Status").RequireAuthorization(AuthSetup.ReaderPolicy);
        foreach (var (verb, status, summary) in new[]
                 {
                     ("revoke", LicenceStatus.Revoked, "Revoke a licence for good (吊销)"),
                     ("suspend", LicenceStatus.Suspended, "Suspend a licence (暂停)"),
                     ("reinstate", LicenceStatus.Valid, "Reinstate a suspended licence (恢复)"),
                 })
        {
            licences.MapPost(verb, (string id, HttpRequest request, ClaimsPrincipal user, LicenceStore store, StatusListStore statusLists, ProvinceCatalogue catalogue, AuthorityRegistry authorities, StatusListPublisher publisher, TimeProvider time) =>
                Change(id, status, request, user, store, statusLists, catalogue, authorities, publisher, time)).WithSummary(summary);
        }

        app.MapGet(ProvinceRoutes.StatusLists, async (StatusIndexAllocator statuses) => Results.Ok(new StatusListIndex(await statuses.ListsAsync())))
            .WithTags("Status").AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy).ProducesProblem(429)
            .WithSummary("The names of the province's status lists, for verifiers that prefetch every list (offline bundles)");
        app.MapGet(ProvinceRoutes.StatusListTemplate, GetList).WithTags("Status").AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy)
            .WithSummary("The signed status list (CWT Status List Token)").Produces(200, contentType: TokenMediaType).Produces(304).ProducesProblem(404).ProducesProblem(429);
        return app;
    }

    private static async Task<IResult> GetList(string list, HttpContext context, StatusIndexAllocator statuses, StatusListPublisher publisher, IOptions<Configuration.StatusOptions> options)
    {
        // Only lists that hold licences are served: any other name is 404 before anything is read, signed or cached.
        if (!await statuses.HoldsLicencesAsync(list))
        {
            return Results.Problem(Problems.Problems.NotFound("status list"));
        }

        var published = await publisher.GetAsync(list);
        var headers = context.Response.Headers;
        headers.ETag = published.ETag;
        headers.CacheControl = $"public, max-age={(int)options.Value.TimeToLive.TotalSeconds}";
        headers.LastModified = published.IssuedAt.ToString("R");
        if (context.Request.Headers.IfNoneMatch == published.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(published.Token, TokenMediaType);
    }

    private static async Task<IResult> Change(
        string id, LicenceStatus wanted, HttpRequest request, ClaimsPrincipal user, LicenceStore store, StatusListStore statusLists, ProvinceCatalogue catalogue, AuthorityRegistry authorities, StatusListPublisher publisher, TimeProvider time)
    {
        var (body, problem) = await RequestBody.ReadAsync<StatusChangeRequest>(request, 4_096, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return Results.Problem(problem);
        }

        if (RequestBody.CheckReason(body!.Reason, out var reason) is { } bad)
        {
            return Results.Problem(bad);
        }

        var found = await StoredLicence.FindAsync(store, catalogue, id);
        var caller = Caller.From(user);
        // Another authority's licence is not found: least privilege by issuing authority (DESIGN §12).
        if (found is null || !caller.MayManage(found.Type.Key, found.Payload.Issuer.AuthorityCode, authorities.Default.Code))
        {
            return Results.Problem(Problems.Problems.NotFound("licence"));
        }

        var (record, reference) = (found.Record, found.Payload.Status);
        var audit = new StatusAuditRecord(record.Id, reference.Index, Verb(wanted), Name(wanted), reason, caller.Subject, time.GetUtcNow());
        var (changed, previous) = await statusLists.ChangeAsync(reference, wanted, audit);
        if (!changed)
        {
            return Results.Problem(HttpProblems.Create(StatusCodes.Status409Conflict, "status-transition",
                $"A {Name(previous)} licence cannot be {Verb(wanted)}d.", $"处于“{NameZh(previous)}”状态的证照不能{VerbZh(wanted)}。",
                "Revocation is final; only a suspended licence can be reinstated.", "吊销不可撤回；只有暂停的证照可以恢复。"));
        }

        publisher.Changed(reference.List);
        return Results.Ok(new StatusChange(record.Id, Name(wanted), Name(previous), reference.List, reference.Index));
    }

    private static string Name(LicenceStatus status) => status switch
    {
        LicenceStatus.Valid => "valid",
        LicenceStatus.Revoked => "revoked",
        LicenceStatus.Suspended => "suspended",
        _ => "unknown",
    };

    private static string NameZh(LicenceStatus status) => status switch
    {
        LicenceStatus.Valid => "有效",
        LicenceStatus.Revoked => "已吊销",
        LicenceStatus.Suspended => "已暂停",
        _ => "未知",
    };

    private static string Verb(LicenceStatus wanted) => wanted switch { LicenceStatus.Revoked => "revoke", LicenceStatus.Suspended => "suspend", _ => "reinstate" };

    private static string VerbZh(LicenceStatus wanted) => wanted switch { LicenceStatus.Revoked => "吊销", LicenceStatus.Suspended => "暂停", _ => "恢复" };
}

/// <summary>The body of a revoke, suspend or reinstate request.</summary>
/// <param name="Reason">Why (required; kept in the audit trail).</param>
public sealed record StatusChangeRequest(string? Reason);

/// <summary>The answer to a status change.</summary>
public sealed record StatusChange(string Id, string Status, string Previous, string List, long Index);

/// <summary>The names of the province's status lists: one per 163,776 licences issued, so the count says nothing about any licence.</summary>
public sealed record StatusListIndex(IReadOnlyList<string> Lists);
