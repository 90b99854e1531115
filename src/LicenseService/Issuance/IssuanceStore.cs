using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Issuance;

/// <summary>The store classes issuance needs, wired to one connection and the province's shared secrets.</summary>
public sealed class IssuanceStore
{
    public IssuanceStore(
        StoreConnection connection, IOptions<ProvinceOptions> province, IOptions<IssuanceOptions> issuance, Core.Keys.KeyProtector protector, IOptions<KeyOptions> keys,
        ILogger<KeyStore> keyLogger, IOptions<StorageOptions> storage)
    {
        var region = province.Value.RegionCode;
        Database = connection.Database;
        // A store that is slow for a moment while the service starts (a node loading, a busy machine) costs a retry, not the start:
        // every step here is a read or a write made only if absent, so it can be repeated.
        var secrets = StoreFailures.RetryAsync(
            async () => await StoreSecrets.LoadAsync(
                connection.Database, region, protector, storage.Value.AcceptPlainRecords, connection.ReplicatedAsync,
                await connection.Database.KeyExistsAsync($"elicense:{region}:status:next").ConfigureAwait(false)).ConfigureAwait(false),
            StoreFailures.IsTransient).GetAwaiter().GetResult();
        Licences = new LicenceStore(connection.Database, region, new RecordCipher(secrets.Record, storage.Value.AcceptPlainRecords), connection.ReplicatedAsync);
        Connection = connection;
        Region = region;

        Statuses = new StatusIndexAllocator(connection.Database, region, issuance.Value.StatusListSize, secrets.StatusPermutation);
        Serials = new SerialFactory(secrets.Idempotency);
        Holders = new HolderKeys(secrets.Holder);
        StatusLists = new StatusListStore(connection.Database, region, issuance.Value.StatusListSize, connection.ReplicatedAsync, storage.Value.WaitForReplicas > 0);
        Keys = new KeyStore(connection.Database, region, new KeyRecordSeal(protector, keys.Value.AcceptUnsealedKeyRecords),
            connection.KeyVaultFolder is { } folder ? new KeyVault(folder) : new KeyVault(connection.RevocationLedgerFolder, holdsEnvelopes: false), keyLogger);
        Audit = new AuditLog(connection.Database, region);
        Reissues = new ReissueJobStore(connection.Database, region);
        Catalogue = new CatalogueStore(connection.Database, region, protector);
    }

    /// <summary>The province's region code, the first part of every key.</summary>
    public string Region { get; }

    /// <summary>The connection, for what spans the nodes of a cluster (replication, scans, health).</summary>
    public StoreConnection Connection { get; }

    public CatalogueStore Catalogue { get; }

    /// <summary>The store itself, for the stores that are built over it elsewhere (the authority registry).</summary>
    public StackExchange.Redis.IDatabase Database { get; }

    public AuditLog Audit { get; }

    public ReissueJobStore Reissues { get; }

    public KeyStore Keys { get; }

    public StatusListStore StatusLists { get; }

    public LicenceStore Licences { get; }

    public StatusIndexAllocator Statuses { get; }

    public SerialFactory Serials { get; }

    public HolderKeys Holders { get; }
}
