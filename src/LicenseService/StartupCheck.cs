using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService;

/// <summary>
/// Builds what every request needs before the first one arrives — store connection and shared
/// secrets, signing keys, the CJK font — so that a missing font, key or store stops start-up
/// with a clear message instead of failing a request later.
/// </summary>
public sealed class StartupCheck(
    StoreConnection store, IssuanceStore issuance, SigningKeyRing keys, LicencePdfService pdfs, ILogger<StartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = issuance;
        logger.LogInformation(
            "LicenseService ready: store {Store}; payload signer kid {PayloadKid} ({PayloadAlgorithm}); PDF signer kid {PdfKid} ({PdfAlgorithm}); font {Font}",
            store.Description, Convert.ToHexStringLower(keys.PayloadSigner.Kid), keys.PayloadSigner.Key.Algorithm.Name,
            Convert.ToHexStringLower(keys.PdfSigner.Kid), keys.PdfSigner.Key.Algorithm.Name, pdfs.FontPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
