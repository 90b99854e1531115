using ELicense.Core.Keys;
using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Registers the province's store parts, each on its own over the one <see cref="StoreConnection"/>: a class takes
/// the parts it uses and nothing else. Building a part does no store I/O; the shared secrets are read by the explicit
/// start-up step (<see cref="ProvinceSecrets.LoadAsync"/>).
/// </summary>
public static class StoreRegistration
{
    public static IServiceCollection AddProvinceStores(this IServiceCollection services)
    {
        services.AddSingleton<StoreConnection>();
        services.AddSingleton<ProvinceSecrets>();
        services.AddSingleton(sp => new RecordCipher(sp.GetRequiredService<ProvinceSecrets>(), Storage(sp).AcceptPlainRecords));
        services.AddSingleton(sp => new LicenceStore(Connection(sp).Database, Region(sp), sp.GetRequiredService<RecordCipher>(), Connection(sp).ReplicatedAsync));
        services.AddSingleton(sp => new StatusIndexAllocator(
            Connection(sp).Database, Region(sp), sp.GetRequiredService<IOptions<IssuanceOptions>>().Value.StatusListSize, sp.GetRequiredService<ProvinceSecrets>()));
        services.AddSingleton<SerialFactory>();
        services.AddSingleton<HolderKeys>();
        services.AddSingleton(sp => new StatusListStore(
            Connection(sp).Database, Region(sp), sp.GetRequiredService<IOptions<IssuanceOptions>>().Value.StatusListSize, Connection(sp).ReplicatedAsync,
            Storage(sp).WaitForReplicas > 0));
        services.AddSingleton(sp =>
        {
            var connection = Connection(sp);
            var protector = sp.GetRequiredService<KeyProtector>();
            var vault = connection.KeyVaultFolder is { } folder ? new KeyVault(folder) : new KeyVault(connection.RevocationLedgerFolder, holdsEnvelopes: false);
            return new KeyStore(
                connection.Database, Region(sp), new KeyRecordSeal(protector, sp.GetRequiredService<IOptions<KeyOptions>>().Value.AcceptUnsealedKeyRecords), vault,
                sp.GetRequiredService<ILogger<KeyStore>>());
        });
        services.AddSingleton<ISigningKeyStore>(sp => sp.GetRequiredService<KeyStore>());
        services.AddSingleton(sp => new AuditLog(Connection(sp).Database, Region(sp)));
        services.AddSingleton(sp => new ReissueJobStore(Connection(sp).Database, Region(sp)));
        services.AddSingleton(sp => new CatalogueStore(Connection(sp).Database, Region(sp), sp.GetRequiredService<KeyProtector>()));
        return services;
    }

    private static StoreConnection Connection(IServiceProvider services) => services.GetRequiredService<StoreConnection>();

    private static string Region(IServiceProvider services) => services.GetRequiredService<IOptions<ProvinceOptions>>().Value.RegionCode;

    private static StorageOptions Storage(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;
}
