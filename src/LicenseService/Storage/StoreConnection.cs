using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The one connection to the store: the configured Redis, or else the embedded Garnet server this
/// process starts. Every store class goes through <see cref="Database"/>.
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
            configuration = $"127.0.0.1:{embedded.Port}";
            Description = $"embedded Garnet on 127.0.0.1:{embedded.Port}";
            EmbeddedEndpoint = configuration;
        }
        else
        {
            configuration = settings.ConnectionString;
            Description = "Redis";
        }

        var redisOptions = ConfigurationOptions.Parse(configuration);
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

    /// <summary>Where the embedded store listens (loopback only), for another process of the same host to share it; null on an external Redis.</summary>
    public string? EmbeddedEndpoint { get; }

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
