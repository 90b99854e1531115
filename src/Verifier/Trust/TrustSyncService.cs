using ELicense.Verifier.Configuration;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Trust;

/// <summary>Loads the cached trust lists at start-up, fetches them at once and then every <see cref="VerifierOptions.TrustRefreshInterval"/>.</summary>
public sealed class TrustSyncService(TrustSync sync, IOptions<VerifierOptions> options, TimeProvider time) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        sync.LoadCache();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await sync.RefreshAllAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.TrustRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await sync.RefreshAllAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
