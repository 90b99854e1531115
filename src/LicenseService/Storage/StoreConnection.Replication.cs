using ELicense.LicenseService.Configuration;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>Writes answered only once they are on the replicas (<see cref="StorageOptions.WaitForReplicas"/>).</summary>
public sealed partial class StoreConnection
{
    /// <summary>
    /// Returns once every master that holds one of <paramref name="written"/> has passed the writes made so far to
    /// <see cref="StorageOptions.WaitForReplicas"/> replicas; at once when none is asked for. Redis <c>WAIT</c> counts the
    /// writes of the connection it is sent on, and blocks that connection; so it goes on a connection of its own, after a
    /// write there to a marker key of the same master (<see cref="MarkerOf"/>): the replication stream is in order, so a
    /// replica that has the marker has every write the master acknowledged before it.
    /// </summary>
    /// <exception cref="StoreNotReplicatedException">Fewer replicas acknowledged within <see cref="StorageOptions.ReplicaWaitMilliseconds"/>.</exception>
    public Task ReplicatedAsync(IEnumerable<RedisKey> written) => ReplicatedAsync(written, []);

    /// <summary>
    /// As <see cref="ReplicatedAsync(IEnumerable{RedisKey})"/>, and then reads <paramref name="created"/> back from a replica: keys
    /// this write created (a new record), whose presence there proves the write itself arrived, not only what WAIT counted.
    /// </summary>
    public async Task ReplicatedAsync(IEnumerable<RedisKey> written, IReadOnlyCollection<RedisKey> created)
    {
        if (waitForReplicas == 0)
        {
            return;
        }

        var keys = written.Distinct().ToList();
        var masters = keys.Select(k => (Server: multiplexer.GetServer(k), Key: k)).DistinctBy(m => m.Server.EndPoint).ToList();
        var acknowledged = await Task.WhenAll(masters.Select(m => WaitAsync(m.Server.EndPoint, m.Key))).ConfigureAwait(false);
        for (var i = 0; i < masters.Count; i++)
        {
            if (acknowledged[i] < waitForReplicas)
            {
                throw new StoreNotReplicatedException(
                    $"A write reached {acknowledged[i]} of the {waitForReplicas} replicas it must reach within {replicaWait} ms ({masters[i].Server.EndPoint}).");
            }
        }

        // WAIT counts what this connection wrote; after a reconnect or a failover between the write and the WAIT it may count
        // nothing of ours. Reading created keys back from a replica closes that gap for them (a key that existed before proves nothing).
        if (created.Count == 0)
        {
            return;
        }

        var batch = Database.CreateBatch();
        var present = created.Select(k => batch.KeyExistsAsync(k, CommandFlags.DemandReplica)).ToArray();
        batch.Execute();
        if ((await Task.WhenAll(present).ConfigureAwait(false)).Any(p => !p))
        {
            throw new StoreNotReplicatedException("A write acknowledged by WAIT is not on a replica: its master changed in between.");
        }
    }

    /// <summary>
    /// Waits for the replicas of one master, in rounds: a caller (whose writes the master has acknowledged) joins the next
    /// round, never one already sent, so its marker write comes after its writes. Callers at the same time share one marker
    /// write and one WAIT, and with a replica gone they wait one timeout, not one each behind each other.
    /// </summary>
    private Task<long> WaitAsync(System.Net.EndPoint master, RedisKey written)
    {
        var round = rounds.GetOrAdd(EndPointCollection.ToString(master), _ => new WaitRounds());
        TaskCompletionSource<long> joined;
        bool start;
        lock (round)
        {
            if (round.Next is null)
            {
                (round.Next, round.NextMarker) = (new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously), MarkerOf(written));
            }

            joined = round.Next;
            start = !round.Running;
            round.Running = true;
        }

        if (start)
        {
            _ = RunRoundsAsync(master, round);
        }

        return joined.Task;
    }

    private async Task RunRoundsAsync(System.Net.EndPoint master, WaitRounds round)
    {
        while (true)
        {
            TaskCompletionSource<long> current;
            RedisKey marker;
            lock (round)
            {
                if (round.Next is null)
                {
                    round.Running = false;
                    return;
                }

                (current, marker, round.Next) = (round.Next, round.NextMarker, null);
            }

            try
            {
                current.SetResult(await MarkAndWaitAsync(master, marker).ConfigureAwait(false));
            }
            catch (Exception e)
            {
                current.SetException(e);
            }
        }
    }

    /// <summary>
    /// The marker's write and the WAIT, sent together on this master's one connection of the wait multiplexer, in this
    /// order. The marker is not redirected: on a master that no longer owns its slot it is refused (MOVED), and the wait
    /// with it, instead of landing elsewhere after the WAIT has counted nothing of it.
    /// </summary>
    private async Task<long> MarkAndWaitAsync(System.Net.EndPoint master, RedisKey marker)
    {
        IServer server;
        try
        {
            server = waits!.GetServer(master);
        }
        catch (ArgumentException)
        {
            throw new StoreNotReplicatedException($"The master {master} is not yet known to the connection that waits for replicas.");
        }

        var marked = server.ExecuteAsync("INCR", [marker.ToString()], CommandFlags.NoRedirect);
        var waited = server.ExecuteAsync("WAIT", [waitForReplicas, replicaWait]);
        await Task.WhenAll(marked, waited).ConfigureAwait(false);
        return (long)await waited.ConfigureAwait(false);
    }

    /// <summary>
    /// A marker key in the written key's own hash slot, so on the master that took the write: the first of the tags
    /// 0, 1, 2, … that hashes to that slot (about 16,384 tries, once per slot; at most 16,384 entries are kept).
    /// </summary>
    private RedisKey MarkerOf(RedisKey written) => markers.GetOrAdd(multiplexer.HashSlot(written), slot =>
    {
        for (var tag = 0; ; tag++)
        {
            RedisKey key = $"elicense:replication-marker:{{{tag}}}";
            if (multiplexer.HashSlot(key) == slot)
            {
                return key;
            }
        }
    });

    /// <summary>The waits of one master: the round being formed (its callers and marker) and whether rounds are being sent.</summary>
    private sealed class WaitRounds
    {
        public TaskCompletionSource<long>? Next { get; set; }

        public RedisKey NextMarker { get; set; }

        public bool Running { get; set; }
    }
}
