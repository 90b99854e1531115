using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
    private readonly byte[] secret;
    private readonly ConcurrentDictionary<long, StatusIndexPermutation> permutations = new();

    public StatusIndexAllocator(IDatabase database, string region, int listSize, byte[] secret)
    {
        this.database = database;
        this.region = region;
        this.listSize = listSize;
        this.secret = secret;
        counter = $"elicense:{region}:status:next";
    }

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
        var allocated = (long?)await database.StringGetAsync(counter).ConfigureAwait(false) ?? 0;
        var lists = (allocated + listSize - 1) / listSize;
        return [.. Enumerable.Range(0, (int)lists).Select(l => string.Create(CultureInfo.InvariantCulture, $"{region}-{l}"))];
    }

    /// <summary>The entry of licence number <paramref name="number"/>.</summary>
    public StatusReference ReferenceOf(long number)
    {
        var list = number / listSize;
        var permutation = permutations.GetOrAdd(list, l => new StatusIndexPermutation(
            HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(l.ToString(CultureInfo.InvariantCulture))), listSize));
        return new StatusReference(string.Create(CultureInfo.InvariantCulture, $"{region}-{list}"), permutation.Permute((int)(number % listSize)));
    }
}
