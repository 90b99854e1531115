using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService;

/// <summary>
/// Builds what every request needs before the first one arrives — store connection and shared
/// secrets, the signing keys (the first round of the key lifecycle), the CJK font — so that a missing font, key or store stops start-up
/// with a clear message instead of failing a request later.
/// </summary>
public sealed class StartupCheck(
    StoreConnection store, ProvinceSecrets secrets, KeyManager manager, SigningKeyRing keys, LicencePdfService pdfs, ILogger<StartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await secrets.LoadAsync(cancellationToken);
        await manager.MaintainAsync(cancellationToken);
        logger.LogInformation(
            "LicenseService ready: store {Store}; payload signer kid {PayloadKid} ({PayloadAlgorithm}); PDF signer kid {PdfKid} ({PdfAlgorithm}); font {Font}",
            store.Description, Convert.ToHexStringLower(keys.PayloadSigner.Kid), keys.PayloadSigner.Key.Algorithm.Name,
            Convert.ToHexStringLower(keys.PdfSigner.Kid), keys.PdfSigner.Key.Algorithm.Name, pdfs.FontPath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
