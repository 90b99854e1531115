using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>Reading every key of a kind on every master: SCAN, never KEYS.</summary>
public sealed partial class StoreConnection
{
    /// <summary>Every key matching <paramref name="pattern"/> on every master (SCAN, never KEYS), each once.</summary>
    /// <exception cref="StoreNotReplicatedException">A master is not connected: a scan without it would be incomplete.</exception>
    public async IAsyncEnumerable<RedisKey> ScanAsync(string pattern, int pageSize = 1_000)
    {
        if (MasterProblem() is { } problem)
        {
            throw new StoreNotReplicatedException($"The store is not whole: {problem}.");
        }

        foreach (var master in Masters)
        {
            await foreach (var key in master.KeysAsync(pattern: pattern, pageSize: pageSize).ConfigureAwait(false))
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
    public async IAsyncEnumerable<(string Master, long Next, RedisKey[] Keys)> ScanPagesAsync(
        string pattern, int count, IReadOnlyCollection<string> finished, string? at, long cursor)
    {
        if (MasterProblem() is { } problem)
        {
            throw new StoreNotReplicatedException($"The store is not whole: {problem}.");
        }

        foreach (var (name, master) in Masters.Select(m => (EndPointCollection.ToString(m.EndPoint), m)).OrderBy(m => m.Item1, StringComparer.Ordinal))
        {
            if (finished.Contains(name))
            {
                continue;
            }

            var next = name == at ? cursor : 0;
            do
            {
                var reply = (RedisResult[])(await master.ExecuteAsync("SCAN", next, "MATCH", pattern, "COUNT", count).ConfigureAwait(false))!;
                next = long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
                yield return (name, next, (RedisKey[])reply[1]!);
            }
            while (next != 0);
        }
    }
}
