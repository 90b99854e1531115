using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ELicense.Core.Encoding;
using ELicense.Core.Status;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Hands out status-list entries (DESIGN §6): a counter in the store numbers licences 0, 1, 2, …;
/// number n goes to list <c>{region}-{n / size}</c> at the keyed permutation of <c>n mod size</c>, so
/// neighbours in a list were not issued one after the other. A number taken by a request that then
/// failed is simply never used: its entry stays "valid" and no licence points at it.
///
/// Key scheme: <c>elicense:{region}:status:next</c> — the count of numbers handed out (INCRBY).
/// </summary>
public sealed class StatusIndexAllocator
{
    private readonly IDatabase database;
    private readonly RedisKey counter;
    private readonly string region;
    private readonly int listSize;
    private readonly ProvinceSecrets secrets;
    private readonly ConcurrentDictionary<long, StatusIndexPermutation> permutations = new();

    /// <summary>How many lists are known to hold licences; it only ever grows, so a cached count never wrongly admits a name.</summary>
    private long knownLists;

    public StatusIndexAllocator(IDatabase database, string region, int listSize, ProvinceSecrets secrets)
    {
        this.database = database;
        this.region = region;
        this.listSize = listSize;
        this.secrets = secrets;
        counter = CounterKey(region);
    }

    /// <summary>The store key of the counter (its presence says the store holds licences).</summary>
    public static RedisKey CounterKey(string region) => $"elicense:{region}:status:next";

    /// <summary>How many entries were ever allocated: about how many licences were issued (a failed write wastes a few).</summary>
    public async Task<long> AllocatedAsync() => (long?)await database.StringGetAsync(counter).ConfigureAwait(false) ?? 0;

    /// <summary>Allocates <paramref name="count"/> entries in one round trip.</summary>
    public async Task<StatusReference[]> AllocateAsync(int count)
    {
        var end = await database.StringIncrementAsync(counter, count).ConfigureAwait(false);
        var references = new StatusReference[count];
        for (var i = 0; i < count; i++)
        {
            references[i] = ReferenceOf(end - count + i);
        }

        return references;
    }

    /// <summary>The names of every list that holds at least one allocated entry, in order.</summary>
    public async Task<IReadOnlyList<string>> ListsAsync()
    {
        var lists = await CountListsAsync().ConfigureAwait(false);
        return [.. Enumerable.Range(0, (int)lists).Select(l => StatusListName.Of(region, l))];
    }

    /// <summary>
    /// Whether <paramref name="list"/> names one of this province's lists that holds at least one
    /// allocated entry: <c>{region}-{n}</c> in canonical decimal with n below the list count. Any other
    /// name — a list no licence points at — is not served, so no request makes the service sign a list
    /// that could never be revoked in (DESIGN §6, §13). The store is read only for a number above the
    /// count already known.
    /// </summary>
    public async Task<bool> HoldsLicencesAsync(string list)
    {
        if (!StatusListName.TryParse(list, out var province, out var number) || province != region)
        {
            return false;
        }

        if (number < Volatile.Read(ref knownLists))
        {
            return true;
        }

        var lists = await CountListsAsync().ConfigureAwait(false);
        InterlockedMax(ref knownLists, lists);
        return number < lists;
    }

    private async Task<long> CountListsAsync()
    {
        var allocated = (long?)await database.StringGetAsync(counter).ConfigureAwait(false) ?? 0;
        return (allocated + listSize - 1) / listSize;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>The entry of licence number <paramref name="number"/>.</summary>
    public StatusReference ReferenceOf(long number)
    {
        var list = number / listSize;
        var permutation = permutations.GetOrAdd(list, l => new StatusIndexPermutation(
            HMACSHA256.HashData(secrets.StatusPermutation, Encoding.ASCII.GetBytes(l.ToString(CultureInfo.InvariantCulture))), listSize));
        return new StatusReference(StatusListName.Of(region, list), permutation.Permute((int)(number % listSize)));
    }
}
