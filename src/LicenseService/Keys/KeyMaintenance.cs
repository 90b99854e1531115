using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// Runs <see cref="KeyManager.MaintainAsync"/> every <see cref="KeyOptions.CheckInterval"/>: due
/// activations, retirements, removals, rotations and re-wraps happen without anyone watching, and
/// changes made by other replicas reach this one (at once through the store's change channel, else at the next tick). A failed round (store down) is logged and retried
/// at the next tick; signing continues with the keys already loaded.
/// </summary>
public sealed class KeyMaintenance(KeyManager keys, IOptions<KeyOptions> options, TimeProvider time, ILogger<KeyMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await keys.ListenAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The subscription is re-established by the connection when the store returns; until then the timer carries changes.
            logger.LogWarning("Listening for key changes failed; changes arrive with the maintenance round: {Error}", e.Message);
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await keys.MaintainAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Key maintenance failed this round and runs again in {Interval}: {Error}", options.Value.CheckInterval, e.Message);
            }
        }
    }
}
