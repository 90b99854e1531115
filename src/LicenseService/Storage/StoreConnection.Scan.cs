using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>Reading every key of a kind on every master: SCAN, never KEYS.</summary>
public sealed partial class StoreConnection
{
    /// <summary>
    /// What a SCAN cursor is good for: every master's address, process (<c>run_id</c>, <c>process_id</c>) and slots, as a
    /// digest. A cursor means nothing on another process (Redis draws a new hash seed at each start) or after slots moved,
    /// so a stopped check goes on only while this is unchanged.
    /// </summary>
    public async Task<string> ScanTopologyAsync()
    {
        var configuration = multiplexer.GetServers().FirstOrDefault(s => s.IsConnected && s.ServerType == ServerType.Cluster)?.ClusterConfiguration;
        // INFO is an admin command to StackExchange.Redis: a connection of its own, for this read only, allows it.
        await using var admin = await ConnectionMultiplexer.ConnectAsync(AdminOptions()).ConfigureAwait(false);
        var parts = new List<string>();
        foreach (var (name, master) in MastersByName())
        {
            var info = (await admin.GetServer(master.EndPoint).InfoAsync("server").ConfigureAwait(false)).SelectMany(g => g)
                .GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
            var slots = configuration?.Nodes.FirstOrDefault(n => n.EndPoint?.Equals(master.EndPoint) == true)?.Slots is { } owned ? string.Join(",", owned) : "all";
            parts.Add($"{name} {info.GetValueOrDefault("run_id")} {info.GetValueOrDefault("process_id")} {slots}");
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", parts))))[..32];
    }

    /// <summary>The masters with their addresses as text, in the order of the addresses: the order a check reads them in.</summary>
    private IEnumerable<(string Name, IServer Master)> MastersByName() =>
        Masters.Select(m => (EndPointCollection.ToString(m.EndPoint), m)).OrderBy(m => m.Item1, StringComparer.Ordinal);

    /// <summary>Every key matching <paramref name="pattern"/> on every master (SCAN, never KEYS), each once.</summary>
    /// <exception cref="StoreNotReplicatedException">A master is not connected: a scan without it would be incomplete.</exception>
    public async IAsyncEnumerable<RedisKey> ScanAsync(string pattern, int pageSize = 1_000)
    {
        await foreach (var (_, _, keys) in ScanPagesAsync(pattern, pageSize, [], null, 0).ConfigureAwait(false))
        {
            foreach (var key in keys)
            {
                yield return key;
            }
        }
    }

    /// <summary>
    /// The keys matching <paramref name="pattern"/> master by master (in the order of their addresses), one SCAN reply at a
    /// time with the cursor that goes on after it (0 when that master is done), skipping the masters in
    /// <paramref name="finished"/> and starting the master <paramref name="at"/> at <paramref name="cursor"/>: what a
    /// resumed <see cref="StoreCheck"/> needs. A master not among them is read from its start.
    /// </summary>
    /// <exception cref="StoreNotReplicatedException">A master is not connected: a scan without it would be incomplete.</exception>
    public async IAsyncEnumerable<(string Master, ulong Next, RedisKey[] Keys)> ScanPagesAsync(
        string pattern, int count, IReadOnlyCollection<string> finished, string? at, ulong cursor)
    {
        if (MasterProblem() is { } problem)
        {
            throw new StoreNotReplicatedException($"The store is not whole: {problem}.");
        }

        foreach (var (name, master) in MastersByName())
        {
            if (finished.Contains(name))
            {
                continue;
            }

            var next = name == at ? cursor : 0;
            do
            {
                var reply = (RedisResult[])(await master.ExecuteAsync("SCAN", next, "MATCH", pattern, "COUNT", count).ConfigureAwait(false))!;
                next = ulong.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
                yield return (name, next, (RedisKey[])reply[1]!);
            }
            while (next != 0);
        }
    }
}
