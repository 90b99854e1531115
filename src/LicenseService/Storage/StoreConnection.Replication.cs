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
        var masters = keys.Select(k => multiplexer.GetServer(k)).DistinctBy(s => s.EndPoint).ToList();
        var acknowledged = await Task.WhenAll(masters.Select(m => WaitAsync(m.EndPoint))).ConfigureAwait(false);
        for (var i = 0; i < masters.Count; i++)
        {
            if ((long)acknowledged[i] < waitForReplicas)
            {
                throw new StoreNotReplicatedException(
                    $"A write reached {(long)acknowledged[i]} of the {waitForReplicas} replicas it must reach within {replicaWait} ms ({masters[i].EndPoint}).");
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

    /// <summary>The marker's write and the WAIT, sent together on the master's one connection of the wait multiplexer, in this order.</summary>
    private async Task<RedisResult> WaitAsync(System.Net.EndPoint master)
    {
        var marked = waits!.GetDatabase().StringIncrementAsync(MarkerOf(master));
        var waited = waits.GetServer(master).ExecuteAsync("WAIT", waitForReplicas, replicaWait);
        await Task.WhenAll(marked, waited).ConfigureAwait(false);
        return await waited.ConfigureAwait(false);
    }

    /// <summary>A key of this master's slots for the writes that WAIT covers: the first of 4,096 hash tags that lands on it (re-found after a reshard).</summary>
    private RedisKey MarkerOf(System.Net.EndPoint master)
    {
        var name = EndPointCollection.ToString(master);
        if (markers.TryGetValue(name, out var known) && multiplexer.GetServer(known).EndPoint?.Equals(master) == true)
        {
            return known;
        }

        for (var tag = 0; tag < 4_096; tag++)
        {
            RedisKey key = $"elicense:replication-marker:{{{tag}}}";
            if (multiplexer.GetServer(key).EndPoint?.Equals(master) == true)
            {
                return markers[name] = key;
            }
        }

        throw new StoreNotReplicatedException($"No slot of {name} was found for its replication marker.");
    }
}
