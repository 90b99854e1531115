using System.Security.Claims;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Status;
using ELicense.LicenseService.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
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
            licences.MapPost(verb, (string id, HttpRequest request, ClaimsPrincipal user, LicenceStatusChanges changes) =>
                Change(id, status, request, user, changes)).WithSummary(summary)
                .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413);
        }

        app.MapGet(ProvinceRoutes.StatusLists, async (StatusIndexAllocator statuses) => TypedResults.Ok(new StatusListIndex(await statuses.ListsAsync())))
            .WithTags("Status").AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy).ProducesProblem(429)
            .WithSummary("The names of the province's status lists, for verifiers that prefetch every list (offline bundles)");
        app.MapGet(ProvinceRoutes.StatusListTemplate, GetList).WithTags("Status").AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy)
            .WithSummary("The signed status list (CWT Status List Token)").Produces(200, contentType: TokenMediaType).Produces(304).ProducesProblem(404).ProducesProblem(429);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetList(string list, HttpContext context, StatusIndexAllocator statuses, StatusListPublisher publisher, IOptions<Configuration.StatusOptions> options)
    {
        // Only lists that hold licences are served: any other name is 404 before anything is read, signed or cached.
        if (!await statuses.HoldsLicencesAsync(list))
        {
            return TypedResults.Problem(Problems.Problems.NotFound("status list"));
        }

        var published = await publisher.GetAsync(list);
        var headers = context.Response.Headers;
        headers.ETag = published.ETag;
        headers.CacheControl = $"public, max-age={(int)options.Value.TimeToLive.TotalSeconds}";
        headers.LastModified = published.IssuedAt.ToString("R");
        if (context.Request.Headers.IfNoneMatch == published.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(published.Token, TokenMediaType);
    }

    private static async Task<Results<Ok<StatusChange>, ProblemHttpResult>> Change(string id, LicenceStatus wanted, HttpRequest request, ClaimsPrincipal user, LicenceStatusChanges changes)
    {
        var (body, problem) = await RequestBody.ReadAsync<StatusChangeRequest>(request, 4_096, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        if (RequestBody.CheckReason(body!.Reason, out var reason) is { } bad)
        {
            return TypedResults.Problem(bad);
        }

        var outcome = await changes.ChangeAsync(id, wanted, reason, Caller.From(user));
        if (outcome.Change is { } change)
        {
            return TypedResults.Ok(change);
        }

        return TypedResults.Problem(outcome.NotFound
            ? Problems.Problems.NotFound("licence")
            : HttpProblems.Create(StatusCodes.Status409Conflict, "status-transition",
                $"A {LicenceStatusChanges.Name(outcome.Previous)} licence cannot be {LicenceStatusChanges.Verb(wanted)}d.",
                $"处于“{LicenceStatusChanges.NameZh(outcome.Previous)}”状态的证照不能{LicenceStatusChanges.VerbZh(wanted)}。",
                "Revocation is final; only a suspended licence can be reinstated.", "吊销不可撤回；只有暂停的证照可以恢复。"));
    }
}

/// <summary>The body of a revoke, suspend or reinstate request.</summary>
/// <param name="Reason">Why (required; kept in the audit trail).</param>
public sealed record StatusChangeRequest(string? Reason);

/// <summary>The names of the province's status lists: one per 163,776 licences issued, so the count says nothing about any licence.</summary>
public sealed record StatusListIndex(IReadOnlyList<string> Lists);
