using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The one connection to the store: the configured Redis, or else the embedded Garnet server this
/// process starts, reached with the password it drew at start. Every store class goes through <see cref="Database"/>.
/// </summary>
public sealed class StoreConnection : IAsyncDisposable
{
    private readonly EmbeddedGarnet? embedded;
    private readonly ConnectionMultiplexer multiplexer;

    public StoreConnection(IOptions<StorageOptions> options, IHostEnvironment environment, ILoggerFactory loggerFactory)
    {
        var settings = options.Value;
        string configuration;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            embedded = EmbeddedGarnet.Start(ContentPaths.Resolve(environment, settings.DataFolder), settings.EmbeddedCheckpointSeconds, loggerFactory);
            KeyVaultFolder = Path.Combine(ContentPaths.Resolve(environment, settings.DataFolder), "keys");
            configuration = $"127.0.0.1:{embedded.Port}";
            Description = $"embedded Garnet on 127.0.0.1:{embedded.Port}";
            EmbeddedEndpoint = configuration;
        }
        else
        {
            configuration = settings.ConnectionString;
            Description = "Redis";
        }

        if (!string.IsNullOrWhiteSpace(settings.KeyVaultFolder))
        {
            KeyVaultFolder = ContentPaths.Resolve(environment, settings.KeyVaultFolder);
        }

        // On an external Redis the keys are shared through Redis; each replica still keeps the revocations it saw outside the store.
        RevocationLedgerFolder = KeyVaultFolder ?? Path.Combine(ContentPaths.Resolve(environment, settings.DataFolder), "revocations");

        var redisOptions = ConfigurationOptions.Parse(configuration);
        if (embedded is not null)
        {
            redisOptions.Password = embedded.Password;
        }

        redisOptions.AbortOnConnectFail = false;
        redisOptions.ConnectTimeout = settings.CommandTimeoutMilliseconds;
        redisOptions.SyncTimeout = settings.CommandTimeoutMilliseconds;
        redisOptions.AsyncTimeout = settings.CommandTimeoutMilliseconds;
        // While the store is down, fail at once with a clear 503 rather than queue requests the client has given up on.
        redisOptions.BacklogPolicy = BacklogPolicy.FailFast;
        redisOptions.ClientName = "elicense-license-service";
        try
        {
            multiplexer = ConnectionMultiplexer.Connect(redisOptions);
        }
        catch
        {
            embedded?.Dispose();
            throw;
        }

        Database = multiplexer.GetDatabase();
    }

    /// <summary>Where the embedded store listens (loopback only); null on an external Redis. The address alone lets
    /// nobody in: see <see cref="EmbeddedClientOptions"/>.</summary>
    public string? EmbeddedEndpoint { get; }

    /// <summary>The folder of the encrypted private keys (<see cref="StorageOptions.KeyVaultFolder"/>); null: they live in the store.</summary>
    public string? KeyVaultFolder { get; }

    /// <summary>Where the revocations this replica saw are kept outside the store: the key vault, or else <c>revocations</c> in the data folder.</summary>
    public string RevocationLedgerFolder { get; }

    /// <summary>
    /// How another service sharing the embedded store connects to it: its endpoint and password, new options at
    /// each call; null on an external Redis. The password is this process's secret and changes at each start: hand
    /// it on in memory only (e.g. the configuration of a host in this process), never on a command line, in a file
    /// or a log. Mind that <c>ToString()</c> of the options includes the password; <c>ToString(includePassword: false)</c> leaves it out.
    /// </summary>
    public ConfigurationOptions? EmbeddedClientOptions()
    {
        if (embedded is null)
        {
            return null;
        }

        var options = ConfigurationOptions.Parse(EmbeddedEndpoint!);
        options.Password = embedded.Password;
        return options;
    }

    /// <summary>The database every store class uses.</summary>
    public IDatabase Database { get; }

    /// <summary>Where the data lives, for logs and health reports (no credentials).</summary>
    public string Description { get; }

    /// <summary>Whether at least one connection to the store is up.</summary>
    public bool IsConnected => multiplexer.IsConnected;

    public async ValueTask DisposeAsync()
    {
        await multiplexer.CloseAsync().ConfigureAwait(false);
        multiplexer.Dispose();
        embedded?.Dispose();
    }
}
