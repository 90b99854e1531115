using System.Globalization;

namespace ELicense.Testing;

/// <summary>
/// One slot of a <see cref="RedisCluster"/> on its way from its master to another, moved as
/// <c>redis-cli --cluster reshard</c> moves it: <c>CLUSTER SETSLOT … IMPORTING</c> on the target, <c>… MIGRATING</c>
/// on the source, <c>MIGRATE</c> key by key, then <c>CLUSTER SETSLOT … NODE</c>. Between the first key moved and the
/// last, a command on several keys of the slot that are not all on one side is refused with <c>TRYAGAIN</c>.
/// Disposing completes a move not completed yet, so a failed test leaves no slot half moved.
/// </summary>
public sealed class SlotMove : IDisposable
{
    private readonly RedisCluster cluster;
    private readonly Dictionary<int, string> ids;
    private bool completed;

    /// <summary>Opens the move of <paramref name="key"/>'s slot to another master.</summary>
    public SlotMove(RedisCluster cluster, string key)
    {
        this.cluster = cluster;
        Slot = int.Parse(cluster.Cli(cluster.Ports.First(RedisCluster.Alive), "cluster", "keyslot", key).Trim(), CultureInfo.InvariantCulture);
        Source = cluster.MasterOf(key);
        Target = cluster.Masters().First(m => m != Source);
        ids = cluster.Masters().ToDictionary(m => m, m => cluster.Cli(m, "cluster", "myid").Trim());
        Expect(cluster.Cli(Target, "cluster", "setslot", Text(Slot), "importing", Id(Source)), "OK");
        Expect(cluster.Cli(Source, "cluster", "setslot", Text(Slot), "migrating", Id(Target)), "OK");
    }

    public int Slot { get; }

    public int Source { get; }

    public int Target { get; }

    /// <summary>Moves these keys of the slot to the target now.</summary>
    public void Move(params string[] keys)
    {
        foreach (var key in keys)
        {
            var answer = cluster.Cli(Source, "migrate", "127.0.0.1", Text(Target), key, "0", "5000").Trim();
            if (answer is not ("OK" or "NOKEY"))
            {
                throw new InvalidOperationException($"MIGRATE {key}: {answer}");
            }
        }
    }

    /// <summary>Moves every key still on the source and hands the slot to the target, on every master.</summary>
    public void Complete()
    {
        completed = true;
        while (cluster.Cli(Source, "cluster", "getkeysinslot", Text(Slot), "100").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } left)
        {
            Move(left);
        }

        var target = Id(Target);
        foreach (var master in new[] { Target, Source }.Concat(ids.Keys.Where(m => m != Target && m != Source)))
        {
            Expect(cluster.Cli(master, "cluster", "setslot", Text(Slot), "node", target), "OK");
        }
    }

    /// <summary>What the source answers now to a script that names these keys of the slot (TRYAGAIN while they are split).</summary>
    public string ScriptOnSource(params string[] keys) =>
        cluster.Cli(Source, ["eval", "return #KEYS", Text(keys.Length), .. keys]).Trim();

    /// <summary>How many commands the source has refused with TRYAGAIN since it started (<c>INFO errorstats</c>).</summary>
    public long RefusedOnSource()
    {
        var line = cluster.Cli(Source, "info", "errorstats").Split('\n').FirstOrDefault(l => l.StartsWith("errorstat_TRYAGAIN:count=", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split('=')[1].Split(',')[0].Trim(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (!completed)
        {
            Complete();
        }
    }

    private string Id(int port) => ids[port];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Expect(string answer, string expected)
    {
        if (answer.Trim() != expected)
        {
            throw new InvalidOperationException($"redis-cli answered '{answer.Trim()}', not {expected}.");
        }
    }
}
