using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ELicense.LicenseService.Observability;

/// <summary>Ready only when the store answers a PING.</summary>
public sealed class StoreHealthCheck(StoreConnection store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await store.Database.PingAsync();
            return HealthCheckResult.Healthy($"{store.Description} answered in {latency.TotalMilliseconds:F1} ms.");
        }
        catch (StackExchange.Redis.RedisException e)
        {
            return HealthCheckResult.Unhealthy($"{store.Description} does not answer: {e.Message}");
        }
    }
}
