using ELicense.Core.Keys;
using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The province's shared secrets (<see cref="StoreSecrets"/>) for the parts that use them: the record cipher, the
/// holder pseudonyms, the idempotent identifiers and the status-index permutation. They are read from the store by
/// the explicit start-up step <see cref="LoadAsync"/> (<see cref="StartupCheck"/> runs it before any other start-up
/// work and before the first request), not in a constructor; each part reads them when it is used, so building a
/// part before the step costs nothing, and using one before it fails with a clear message instead of a guess.
/// </summary>
public sealed class ProvinceSecrets
{
    private readonly Func<CancellationToken, Task<StoreSecrets>>? load;
    private StoreSecrets? loaded;

    public ProvinceSecrets(StoreConnection connection, IOptions<ProvinceOptions> province, KeyProtector protector, IOptions<StorageOptions> storage)
    {
        var region = province.Value.RegionCode;
        var acceptPlain = storage.Value.AcceptPlainRecords;
        // A store that is slow for a moment while the service starts (a node loading, a busy machine) costs a retry, not the start:
        // every step of the load is a read or a write made only if absent, so it can be repeated.
        load = cancellation => StoreFailures.RetryAsync(
            async () => await StoreSecrets.LoadAsync(
                connection.Database, region, protector, acceptPlain, connection.ReplicatedAsync,
                await connection.Database.KeyExistsAsync(StatusIndexAllocator.CounterKey(region)).ConfigureAwait(false)).ConfigureAwait(false),
            StoreFailures.IsTransient, cancellation: cancellation);
    }

    private ProvinceSecrets(StoreSecrets secrets) => loaded = secrets;

    /// <summary>Secrets already at hand (tools and tests that build a store part without a service).</summary>
    public static ProvinceSecrets Of(StoreSecrets secrets) => new(secrets);

    public byte[] StatusPermutation => Loaded.StatusPermutation;

    public byte[] Idempotency => Loaded.Idempotency;

    public byte[] Holder => Loaded.Holder;

    public byte[] Record => Loaded.Record;

    private StoreSecrets Loaded => Volatile.Read(ref loaded) ?? throw new InvalidOperationException(
        "The province's store secrets were used before the start-up step read them (ProvinceSecrets.LoadAsync, run by StartupCheck).");

    /// <summary>Reads (or, in a new store, makes) the secrets; a second call does nothing.</summary>
    /// <exception cref="InvalidOperationException">The store's secrets are refused (<see cref="StoreSecrets.LoadAsync"/>).</exception>
    public async Task LoadAsync(CancellationToken cancellation)
    {
        if (Volatile.Read(ref loaded) is null && load is not null)
        {
            Volatile.Write(ref loaded, await load(cancellation).ConfigureAwait(false));
        }
    }
}
