using System.Security.Cryptography;
using StackExchange.Redis;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// Secrets the replicas of one province share through the store, made once by whichever replica
/// starts first (HSETNX) and read by all. None of them is a signing key.
///
/// Key scheme: <c>elicense:{region}:secrets</c> — a hash: <c>status-permutation</c> (the keyed
/// permutation of status-list indexes), <c>idempotency</c> (derives identifiers from idempotency
/// keys), <c>holder</c> (pseudonymous holder keys); 32 random bytes each.
/// </summary>
public sealed record StoreSecrets(byte[] StatusPermutation, byte[] Idempotency, byte[] Holder)
{
    public static async Task<StoreSecrets> LoadAsync(IDatabase database, string region)
    {
        RedisKey key = $"elicense:{region}:secrets";
        string[] names = ["status-permutation", "idempotency", "holder"];
        var values = new byte[names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            await database.HashSetAsync(key, names[i], RandomNumberGenerator.GetBytes(32), When.NotExists).ConfigureAwait(false);
            values[i] = (byte[])(await database.HashGetAsync(key, names[i]).ConfigureAwait(false))!;
        }

        return new StoreSecrets(values[0], values[1], values[2]);
    }
}
