using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ELicense.Testing;

/// <summary>
/// A real Redis Cluster of Debian's redis-server — 3 masters, 3 replicas, append-only files on —
/// started by <c>scripts/redis-cluster.sh</c> on free loopback ports in its own folder, with a short
/// node timeout (2 s) so that a replica takes over a killed master within seconds.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    public const int NodeTimeoutMilliseconds = 2_000;

    public RedisCluster()
    {
        Folder = Directory.CreateTempSubdirectory("elicense-cluster-").FullName;
        BasePort = FreeBasePort();
        ConnectionString = Script("start", Folder, BasePort.ToString(CultureInfo.InvariantCulture), NodeTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)).Trim();
    }

    public string Folder { get; }

    public int BasePort { get; }

    /// <summary>The StackExchange.Redis connection string: every node.</summary>
    public string ConnectionString { get; }

    /// <summary>The ports of all six nodes.</summary>
    public IEnumerable<int> Ports => Enumerable.Range(BasePort, 6);

    /// <summary>The ports of the nodes that are masters now (asked of a live node).</summary>
    public IReadOnlyList<int> Masters() => [.. Nodes().Where(n => n.Master && !n.Failed).Select(n => n.Port)];

    /// <summary>Runs redis-cli against one node and returns its output.</summary>
    public string Cli(int port, params string[] arguments) => ExternalTool.Run("redis-cli", RepositoryPaths.Root, ["-p", port.ToString(CultureInfo.InvariantCulture), .. arguments]).Output;

    /// <summary>The port of the master that serves <paramref name="key"/>'s slot now.</summary>
    public int MasterOf(string key)
    {
        var live = Ports.First(Alive);
        var slot = int.Parse(Cli(live, "cluster", "keyslot", key).Trim(), CultureInfo.InvariantCulture);
        foreach (var line in Cli(live, "cluster", "nodes").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            foreach (var range in parts.Skip(8).Where(r => !r.StartsWith('[')))
            {
                var bounds = range.Split('-');
                if (slot >= int.Parse(bounds[0], CultureInfo.InvariantCulture) && slot <= int.Parse(bounds[^1], CultureInfo.InvariantCulture))
                {
                    var address = parts[1].Split('@')[0];
                    return int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
                }
            }
        }

        throw new InvalidOperationException($"No master serves the slot of {key}.");
    }

    /// <summary>The port of the replica of the master on <paramref name="masterPort"/>.</summary>
    public int ReplicaOf(int masterPort)
    {
        var nodes = Cli(Ports.First(Alive), "cluster", "nodes").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        var masterId = nodes.Single(n => n[1].StartsWith($"127.0.0.1:{masterPort}@", StringComparison.Ordinal))[0];
        var replica = nodes.First(n => n[3] == masterId)[1].Split('@')[0];
        return int.Parse(replica[(replica.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Kills a node as a crash would (SIGKILL).</summary>
    public void Kill(int port)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(Folder, port.ToString(CultureInfo.InvariantCulture), "redis.pid")).Trim(), CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Starts every node that is not running (a killed one rejoins, as the replica of whoever took over) and waits until the cluster is whole.</summary>
    public void StartMissing() => Script("start", Folder, BasePort.ToString(CultureInfo.InvariantCulture), NodeTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture));

    /// <summary>Waits until every live node reports the cluster ok and <paramref name="masters"/> masters are up.</summary>
    public void WaitUntilHealthy(TimeSpan timeout, int masters = 3)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            var live = Ports.Where(Alive).ToList();
            if (live.All(p => Cli(p, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal)) && Masters().Count == masters)
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"The cluster in {Folder} did not become healthy within {timeout}.");
    }

    /// <summary>Every data file of every node (append-only files and any RDB), for scans of what is at rest.</summary>
    public IEnumerable<string> DataFiles() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".rdb", StringComparison.Ordinal) || f.Contains("appendonly", StringComparison.Ordinal));

    public void Dispose()
    {
        try
        {
            Script("stop", Folder);
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // A temp folder left behind is harmless.
        }
    }

    public static bool Alive(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private IEnumerable<(int Port, bool Master, bool Failed)> Nodes()
    {
        var live = Ports.First(Alive);
        foreach (var line in Cli(live, "cluster", "nodes").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            var address = parts[1].Split('@')[0];
            var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            yield return (port, parts[2].Contains("master", StringComparison.Ordinal), parts[2].Contains("fail", StringComparison.Ordinal));
        }
    }

    private static string Script(params string[] arguments)
    {
        var result = ExternalTool.Run(Path.Combine(RepositoryPaths.Root, "scripts", "redis-cluster.sh"), RepositoryPaths.Root, arguments);
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"redis-cluster.sh {arguments[0]} failed: {result.Error}");
    }

    /// <summary>A base port with the six client ports and their six cluster-bus ports (+10000) free.</summary>
    private static int FreeBasePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var start = Random.Shared.Next(20_000, 40_000);
            if (Enumerable.Range(start, 6).All(p => Free(p) && Free(p + 10_000)))
            {
                return start;
            }
        }

        throw new InvalidOperationException("No free range of loopback ports for a cluster.");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
