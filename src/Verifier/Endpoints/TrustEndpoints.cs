using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ELicense.Core.Verification;
using ELicense.Verifier.Trust;

namespace ELicense.Verifier.Endpoints;

/// <summary>
/// What the Verifier trusts right now: per configured province the list held, its age and how the last
/// fetch went. Anonymous (a counter's page or a monitor may look), so rate limited per client network
/// (DESIGN §13); the text of a failed fetch names the province's internal hosts and URLs, so only a caller
/// with role <see cref="AdminRole"/> sees it, others see what kind of failure it was (<see cref="FailureDescription"/>).
/// </summary>
public static class TrustEndpoints
{
    /// <summary>The role that sees the full text of fetch failures.</summary>
    public const string AdminRole = "admin";

    public static IEndpointRouteBuilder MapTrustEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/trust-lists", ListTrust).AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy)
            .WithTags("Trust").WithSummary("The provinces' trust lists held, with age and fetch state (信任列表状态)").ProducesProblem(429);
        return app;
    }

    private static Ok<IReadOnlyList<ProvinceTrust>> ListTrust(TrustSync sync, TimeProvider time, ClaimsPrincipal user) =>
        TypedResults.Ok(Describe(sync, time.GetUtcNow(), fullErrors: user.IsInRole(AdminRole)));

    /// <param name="fullErrors">Whether <see cref="ProvinceTrust.LastError"/> is the fetch's own text (administrators) or <see cref="FailureDescription"/>.</param>
    public static IReadOnlyList<ProvinceTrust> Describe(TrustSync sync, DateTimeOffset now, bool fullErrors = false)
    {
        var held = sync.Lists.Held;
        return [.. sync.States.Select(p =>
        {
            var list = held.GetValueOrDefault(p.Key)?.List;
            return new ProvinceTrust(
                p.Key, list?.List.Authority, list?.List.Sequence, list?.List.IssuedAt, list?.List.ExpiresAt,
                list is null ? null : IsoDuration.Format(now - list.List.IssuedAt), list?.Signers.Count, list?.Refusals ?? [],
                p.Value.LastAttemptAt, p.Value.LastSuccessAt,
                p.Value.LastError is null || fullErrors ? p.Value.LastError : FailureDescription(p.Value.Failure));
        })];
    }

    /// <summary>A fixed description of a kind of fetch failure, naming no host, URL or address.</summary>
    public static string FailureDescription(SyncFailure? failure) => failure switch
    {
        SyncFailure.Unreachable => "The province's trust list could not be fetched (unreachable, an error answer, a redirect or too large).",
        SyncFailure.Refused => "The trust list fetched was refused (signature, signer, dates, older than the list held, or un-revoking a key it revokes).",
        SyncFailure.Cache => "The trust list was taken but could not be written to the cache folder.",
        _ => "The last fetch of the trust list failed.",
    };
}

/// <summary>One province's trust as the Verifier holds it.</summary>
public sealed record ProvinceTrust(
    string Region, string? Authority, long? Sequence, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, string? Age, int? Signers,
    IReadOnlyList<string> Refusals, DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, string? LastError);
