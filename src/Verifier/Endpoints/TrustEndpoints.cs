using ELicense.Core.Verification;
using ELicense.Verifier.Trust;

namespace ELicense.Verifier.Endpoints;

/// <summary>What the Verifier trusts right now: per configured province the list held, its age and how the last fetch went.</summary>
public static class TrustEndpoints
{
    public static IEndpointRouteBuilder MapTrustEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/trust-lists", (TrustSync sync, TimeProvider time) => Results.Ok(Describe(sync, time.GetUtcNow())))
            .WithTags("Trust").WithSummary("The provinces' trust lists held, with age and fetch state (信任列表状态)");
        return app;
    }

    public static IReadOnlyList<ProvinceTrust> Describe(TrustSync sync, DateTimeOffset now)
    {
        var held = sync.Lists.Held;
        return [.. sync.States.Select(p =>
        {
            var list = held.GetValueOrDefault(p.Key)?.List;
            return new ProvinceTrust(
                p.Key, list?.List.Authority, list?.List.Sequence, list?.List.IssuedAt, list?.List.ExpiresAt,
                list is null ? null : IsoDuration.Format(now - list.List.IssuedAt), list?.Signers.Count, list?.Refusals ?? [],
                p.Value.LastAttemptAt, p.Value.LastSuccessAt, p.Value.LastError);
        })];
    }
}

/// <summary>One province's trust as the Verifier holds it.</summary>
public sealed record ProvinceTrust(
    string Region, string? Authority, long? Sequence, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, string? Age, int? Signers,
    IReadOnlyList<string> Refusals, DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, string? LastError);
