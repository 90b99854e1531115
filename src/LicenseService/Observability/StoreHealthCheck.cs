using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ELicense.LicenseService.Observability;

/// <summary>
/// Ready only when the store can take a write: every node of a cluster says the cluster is ok, and a
/// probe written to every master arrives (on the replicas too when writes must reach them). A PING of
/// one node is not enough: a cluster that lost a master without replica answers PING and refuses writes
/// (<c>CLUSTERDOWN</c>).
/// </summary>
public sealed class StoreHealthCheck(StoreConnection store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            return await store.WriteProblemAsync() is { } problem
                ? HealthCheckResult.Unhealthy($"{store.Description} cannot take a write: {problem}.")
                : HealthCheckResult.Healthy($"{store.Description} took a write in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1} ms.");
        }
        catch (Exception e) when (StoreFailures.IsStoreFailure(e))
        {
            return HealthCheckResult.Unhealthy($"{store.Description} cannot take a write: {e.Message}");
        }
    }
}
