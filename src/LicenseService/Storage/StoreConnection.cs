using ELicense.LicenseService.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The connection to the store: the configured Redis, or else the embedded Garnet server this
/// process starts, reached with the password it drew at start. Every store class goes through <see cref="Database"/>.
/// Beside it: a connection of its own for replica waits (<c>WAIT</c> blocks its connection), and a short-lived one
/// that may send <c>INFO</c> (an admin command to StackExchange.Redis) for a store check's position.
/// </summary>
public sealed partial class StoreConnection : IAsyncDisposable
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
        adminOptions = redisOptions.Clone();
        adminOptions.AllowAdmin = true;
        adminOptions.ClientName = "elicense-license-service-check";
        waitForReplicas = settings.WaitForReplicas;
        replicaWait = settings.ReplicaWaitMilliseconds;
        if (waitForReplicas > 0)
        {
            // WAIT blocks the connection it is sent on until the replicas answer (up to ReplicaWaitMilliseconds with a replica
            // gone): on a connection of its own it holds up only other waits, not the reads and writes of other requests.
            var waitOptions = redisOptions.Clone();
            waitOptions.ClientName = "elicense-license-service-wait";
            try
            {
                waits = ConnectionMultiplexer.Connect(waitOptions);
            }
            catch
            {
                multiplexer.Dispose();
                embedded?.Dispose();
                throw;
            }
        }
    }

    private readonly ConfigurationOptions adminOptions;
    private readonly int waitForReplicas;
    private readonly int replicaWait;
    private readonly ConnectionMultiplexer? waits;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, RedisKey> markers = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, WaitRounds> rounds = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the store can take a write now: a short-lived probe key is written to every master that owns slots
    /// (a cluster that lost a master without replica answers <c>CLUSTERDOWN</c>; a dead master does not answer), and
    /// waited for on its replicas when writes must reach them. Returns null when it can, else what stops it.
    /// </summary>
    public async Task<string?> WriteProblemAsync()
    {
        if (!multiplexer.IsConnected)
        {
            return "no node is connected";
        }

        if (MasterProblem() is { } master)
        {
            return master;
        }

        // One probe key per master: the first of 1,024 hash tags that lands on it (each master owns about a third of them).
        var probes = new Dictionary<System.Net.EndPoint, RedisKey>();
        for (var tag = 0; tag < 1_024; tag++)
        {
            RedisKey key = $"elicense:health:{{{tag}}}";
            probes.TryAdd(multiplexer.GetServer(key).EndPoint, key);
        }

        await Task.WhenAll(probes.Values.Select(k => Database.StringSetAsync(k, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TimeSpan.FromMinutes(1)))).ConfigureAwait(false);
        await ReplicatedAsync(probes.Values).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// On a cluster, a master that owns slots (as the cluster configuration says) and is not connected: a store that lost it is
    /// not whole, although commands for its slots may still be sent elsewhere. Null when every master is connected.
    /// </summary>
    public string? MasterProblem()
    {
        var configuration = multiplexer.GetServers().FirstOrDefault(s => s.IsConnected && s.ServerType == ServerType.Cluster)?.ClusterConfiguration;
        foreach (var node in configuration?.Nodes.Where(n => !n.IsReplica && n.Slots.Count > 0) ?? [])
        {
            if (node.EndPoint is null || !multiplexer.GetServer(node.EndPoint).IsConnected)
            {
                return $"the master {node.EndPoint} of slots {string.Join(", ", node.Slots)} is not connected";
            }
        }

        return null;
    }

    /// <summary>The masters, each once.</summary>
    public IReadOnlyList<IServer> Masters => [.. multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica)];

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

    /// <summary>The options of a short-lived connection that may send admin commands (INFO), for reads only.</summary>
    private ConfigurationOptions AdminOptions() => adminOptions.Clone();

    /// <summary>The database every store class uses.</summary>
    public IDatabase Database { get; }

    /// <summary>Where the data lives, for logs and health reports (no credentials).</summary>
    public string Description { get; }

    /// <summary>Whether at least one connection to the store is up.</summary>
    public bool IsConnected => multiplexer.IsConnected;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (waits is not null)
            {
                await waits.CloseAsync().ConfigureAwait(false);
            }

            await multiplexer.CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            waits?.Dispose();
            multiplexer.Dispose();
            embedded?.Dispose();
        }
    }
}
