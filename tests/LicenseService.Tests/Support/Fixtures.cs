using ELicense.Testing;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>One service on the embedded Garnet store, shared by the tests of a class.</summary>
public sealed class GarnetServiceFixture : IDisposable
{
    public ServiceHost Host { get; } = new();

    public void Dispose() => Host.Dispose();
}

/// <summary>One service on a real redis-server, shared by the tests of a class.</summary>
public sealed class RedisServiceFixture : IDisposable
{
    public RedisServiceFixture()
    {
        Redis = new RedisServer();
        Host = new ServiceHost(Redis.ConnectionString);
    }

    public RedisServer Redis { get; }

    public ServiceHost Host { get; }

    public void Dispose()
    {
        Host.Dispose();
        Redis.Dispose();
    }
}

/// <summary>
/// One service on its own Redis Cluster (3 masters, 3 replicas), writes answered only once on a replica
/// (<c>Storage:WaitForReplicas</c> 1), shared by the tests of a class.
/// </summary>
public class ClusterServiceFixture : IDisposable
{
    public ClusterServiceFixture()
        : this(null)
    {
    }

    protected ClusterServiceFixture(IReadOnlyDictionary<string, string?>? extra)
    {
        Cluster = new RedisCluster();
        var settings = new Dictionary<string, string?> { ["Storage:WaitForReplicas"] = "1" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Host = new ServiceHost(Cluster.ConnectionString, extra: settings);
    }

    public RedisCluster Cluster { get; }

    public ServiceHost Host { get; }

    public void Dispose()
    {
        Host.Dispose();
        Cluster.Dispose();
        GC.SuppressFinalize(this);
    }
}
