using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ELicense.Verifier.Trust;

/// <summary>Ready when at least one province's trust list is held (fetched or from the cache); degraded while some are missing.</summary>
public sealed class TrustHealthCheck(TrustSync sync) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var held = sync.Lists.Held;
        var missing = sync.States.Keys.Where(r => !held.ContainsKey(r)).ToList();
        return Task.FromResult(held.Count == 0 ? HealthCheckResult.Unhealthy("No trust list is held yet.")
            : missing.Count > 0 ? HealthCheckResult.Degraded($"No trust list held for {string.Join(", ", missing)}.")
            : HealthCheckResult.Healthy());
    }
}
